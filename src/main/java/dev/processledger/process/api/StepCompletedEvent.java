package dev.processledger.process.api;

import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/** A step completed; from {@code pending} it started and completed at the same instant (a new attempt). */
@Revision("1")
public record StepCompletedEvent(
        String processId, String step, int attempt, String detail, Map<String, Object> data, Instant at)
        implements ProcessEvent {}
