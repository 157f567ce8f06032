package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was approved; its step completes in the same update. The approver is the event's actor. */
@Revision("1")
public record TaskApprovedEvent(String processId, String taskId, String step, String comment, Instant at)
        implements TaskEvent {}
