package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The process completed. */
@Revision("1")
public record ProcessCompletedEvent(String processId, String summary, Instant at) implements ProcessEvent {}
