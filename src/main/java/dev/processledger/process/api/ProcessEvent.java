package dev.processledger.process.api;

import java.time.Instant;

/** A fact about one process; stored in the event store under its class name, so never move these types. */
public sealed interface ProcessEvent
        permits ProcessCreatedEvent, StepStartedEvent, StepProgressedEvent, StepCompletedEvent, StepFailedEvent,
        StepTimedOutEvent, StepSkippedEvent, StepCancelledEvent, ProcessCompletedEvent, ProcessFailedEvent {

    String processId();

    /** Server time of the update that caused this event. */
    Instant at();

    /** The name auditors and the live stream use for an event class: {@code StepStartedEvent} is {@code step_started}. */
    static String typeName(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1).replaceFirst("Event$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
