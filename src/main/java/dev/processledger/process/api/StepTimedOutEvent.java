package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The server settled a running step that had no update for its stale timeout. */
@Revision("1")
public record StepTimedOutEvent(String processId, String step, Instant at) implements ProcessEvent {}
