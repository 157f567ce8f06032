package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A pending approval was opened for a step. {@code createdBy} is the id of the token that asked (for the four-eyes
 * rule); {@code expiresAt} is null for a task that never expires.
 */
@Revision("1")
public record TaskCreatedEvent(
        String processId,
        String taskId,
        String step,
        String title,
        String instructions,
        String assignee,
        Instant expiresAt,
        boolean distinctApprover,
        String createdBy,
        Instant at)
        implements TaskEvent {}
