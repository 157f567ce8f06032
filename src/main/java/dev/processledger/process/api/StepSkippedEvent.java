package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A pending step was skipped because its process completed. */
@Revision("1")
public record StepSkippedEvent(String processId, String step, Instant at) implements ProcessEvent {}
