package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraw a pending task; its step is left as it is. */
public record CancelTaskCommand(
        @TargetAggregateIdentifier String processId, String orgId, String taskId, String reason, Instant at) {}
