package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A step started; {@code attempt} counts starts of that step, from 1. */
@Revision("1")
public record StepStartedEvent(String processId, String step, int attempt, String detail, Instant at)
        implements ProcessEvent {}
