package dev.processledger.process.api;

import java.time.Instant;

/**
 * An approval task as the tasks API shows it. {@code createdBy} and {@code completedBy} are the tokens that opened
 * and decided (or cancelled) it; {@code completedBy} is null while it is pending.
 */
public record TaskDetails(
        String taskId,
        String processId,
        String processStep,
        String title,
        String instructions,
        String assignee,
        TaskStatus status,
        boolean distinctApprover,
        Instant createdAt,
        Instant expiresAt,
        Actor createdBy,
        Instant completedAt,
        Actor completedBy,
        TaskDecision decision,
        String comment) {}
