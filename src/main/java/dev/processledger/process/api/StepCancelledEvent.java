package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A running step was cancelled because its process failed. */
@Revision("1")
public record StepCancelledEvent(String processId, String step, Instant at) implements ProcessEvent {}
