package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve or reject a pending task, completing or failing its step; {@code decidedBy} is the calling token's id. */
public record CompleteTaskCommand(
        @TargetAggregateIdentifier String processId,
        String orgId,
        String taskId,
        TaskDecision decision,
        String comment,
        String decidedBy,
        Instant at) {}
