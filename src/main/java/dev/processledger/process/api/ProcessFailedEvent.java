package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The process failed. */
@Revision("1")
public record ProcessFailedEvent(String processId, String error, Instant at) implements ProcessEvent {}
