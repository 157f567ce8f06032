package dev.processledger.process.api;

import java.time.Instant;

/** A fact about one process; stored in the event store under its class name, so never move these types. */
public sealed interface ProcessEvent
        permits ProcessCreatedEvent, StepStartedEvent, StepProgressedEvent, StepCompletedEvent, StepFailedEvent,
        StepTimedOutEvent, StepSkippedEvent, StepCancelledEvent, ProcessCompletedEvent, ProcessFailedEvent {

    String processId();

    /** Server time of the update that caused this event. */
    Instant at();
}
