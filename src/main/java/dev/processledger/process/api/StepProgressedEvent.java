package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A running step reported progress. */
@Revision("1")
public record StepProgressedEvent(String processId, String step, String message, Integer percent, Instant at)
        implements ProcessEvent {}
