package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a process, or confirm an earlier identical creation (safe retry). */
public record CreateProcessCommand(
        @TargetAggregateIdentifier String processId, String orgId, ProcessDefinition definition, Instant at) {}
