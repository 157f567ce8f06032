package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A pending task was withdrawn: by a client, or because its step or its process finished without it (the
 * {@code reason} says which).
 */
@Revision("1")
public record TaskCancelledEvent(String processId, String taskId, String step, String reason, Instant at)
        implements TaskEvent {}
