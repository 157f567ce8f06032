package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Open a pending approval for a step of a process; {@code createdBy} is the id of the calling token. */
public record CreateTaskCommand(
        @TargetAggregateIdentifier String processId,
        String orgId,
        String taskId,
        String step,
        String title,
        String instructions,
        String assignee,
        Instant expiresAt,
        boolean distinctApprover,
        String createdBy,
        Instant at) {}
