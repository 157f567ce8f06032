package dev.processledger.process.api;

import java.time.Instant;

/**
 * A fact about one process. Axon stores it under its class name: a move or rename needs an upcaster. Its name for
 * auditors comes from {@link EventTypes}.
 */
public sealed interface ProcessEvent
        permits ProcessCreatedEvent,
                StepStartedEvent,
                StepProgressedEvent,
                StepCompletedEvent,
                StepFailedEvent,
                StepTimedOutEvent,
                StepSkippedEvent,
                StepCancelledEvent,
                ProcessCompletedEvent,
                ProcessFailedEvent,
                TaskEvent {

    String processId();

    /** Server time of the update that caused this event. */
    Instant at();
}
