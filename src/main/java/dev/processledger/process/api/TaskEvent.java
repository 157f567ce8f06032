package dev.processledger.process.api;

/**
 * A fact about one approval task of a process. Tasks live in their process's history, so auditors see who asked for
 * an approval, and who gave or refused it, in the same chain as the step it gates.
 */
public sealed interface TaskEvent extends ProcessEvent
        permits TaskCreatedEvent, TaskApprovedEvent, TaskRejectedEvent, TaskCancelledEvent {

    String taskId();

    /** The step the task gates. */
    String step();
}
