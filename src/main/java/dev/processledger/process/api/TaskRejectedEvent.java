package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A task was rejected; its step fails in the same update. The person who rejected it is the event's actor. */
@Revision("1")
public record TaskRejectedEvent(String processId, String taskId, String step, String comment, Instant at)
        implements TaskEvent {}
