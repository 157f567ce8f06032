package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A step failed with an error; from {@code pending} it started and failed at the same instant (a new attempt). */
@Revision("1")
public record StepFailedEvent(String processId, String step, int attempt, String error, Instant at)
        implements ProcessEvent {}
