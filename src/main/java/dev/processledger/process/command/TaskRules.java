package dev.processledger.process.command;

import static dev.processledger.process.api.StepStatus.PENDING;
import static dev.processledger.process.api.StepStatus.RUNNING;

import dev.processledger.process.api.CancelTaskCommand;
import dev.processledger.process.api.CompleteTaskCommand;
import dev.processledger.process.api.CreateTaskCommand;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskDecision;
import dev.processledger.process.api.TaskRejectedEvent;
import dev.processledger.process.api.TaskStatus;
import java.time.Instant;
import java.util.List;

/**
 * Approval tasks: which task commands a process accepts and the events they append, without changing anything.
 * A task gates one step that is pending or running; approving it completes the step, rejecting it fails the step.
 */
public final class TaskRules {

    /** Reject's step error when the person gave no comment. */
    static final String REJECTED = "rejected";

    private TaskRules() {}

    public static List<ProcessEvent> create(ProcessState state, CreateTaskCommand command) {
        requireRunning(state, command.processId());
        ProcessState.Step step = state.step(command.step())
                .orElseThrow(() -> ProcessRejectedException.unknownStep(command.processId(), command.step()));
        if (step.status() != PENDING && step.status() != RUNNING) {
            throw ProcessRejectedException.illegalTransition(
                    command.processId(),
                    step.key(),
                    step.status(),
                    "step '%s' is %s and cannot be given a task"
                            .formatted(step.key(), step.status().wireName()));
        }
        ProcessRules.pendingTasks(state, command.at())
                .filter(task -> task.step().equals(step.key()))
                .findFirst()
                .ifPresent(task -> {
                    throw ProcessRejectedException.taskAlreadyPending(command.processId(), step.key(), task.taskId());
                });
        if (state.tasks().size() >= ProcessLimits.MAX_TASKS) {
            throw ProcessRejectedException.tooManyTasks(command.processId(), ProcessLimits.MAX_TASKS);
        }
        return List.of(new TaskCreatedEvent(
                command.processId(),
                command.taskId(),
                step.key(),
                command.title(),
                command.instructions(),
                command.assignee(),
                command.expiresAt(),
                command.distinctApprover(),
                command.createdBy(),
                command.at()));
    }

    /** Approving appends the approval and the step's completion; rejecting, the rejection and the step's failure. */
    public static List<ProcessEvent> complete(ProcessState state, CompleteTaskCommand command) {
        ProcessState.Task task = pendingTask(state, command.processId(), command.taskId(), command.at());
        if (task.distinctApprover()
                && (command.decidedBy().equals(task.createdBy())
                        || command.decidedBy().equals(state.createdBy()))) {
            throw ProcessRejectedException.sameApprover(command.processId(), task.step());
        }
        ProcessState.Step step = state.step(task.step()).orElseThrow();
        if (step.status() != PENDING && step.status() != RUNNING) {
            // cannot happen while the task is pending (finishing a step cancels its task); kept as a guard
            throw ProcessRejectedException.illegalTransition(
                    command.processId(),
                    step.key(),
                    step.status(),
                    "step '%s' is %s and cannot be completed by a task"
                            .formatted(step.key(), step.status().wireName()));
        }
        int attempt = step.status() == PENDING ? step.attempt() + 1 : step.attempt();
        if (command.decision() == TaskDecision.APPROVE) {
            return List.of(
                    new TaskApprovedEvent(
                            command.processId(), task.taskId(), step.key(), command.comment(), command.at()),
                    new StepCompletedEvent(
                            command.processId(), step.key(), attempt, command.comment(), null, command.at()));
        }
        return List.of(
                new TaskRejectedEvent(command.processId(), task.taskId(), step.key(), command.comment(), command.at()),
                new StepFailedEvent(
                        command.processId(),
                        step.key(),
                        attempt,
                        command.comment() == null || command.comment().isBlank() ? REJECTED : command.comment(),
                        command.at()));
    }

    public static List<ProcessEvent> cancel(ProcessState state, CancelTaskCommand command) {
        ProcessState.Task task = pendingTask(state, command.processId(), command.taskId(), command.at());
        return List.of(new TaskCancelledEvent(
                command.processId(), task.taskId(), task.step(), command.reason(), command.at()));
    }

    private static ProcessState.Task pendingTask(ProcessState state, String processId, String taskId, Instant now) {
        ProcessState.Task task =
                state.task(taskId).orElseThrow(() -> ProcessRejectedException.taskNotFound(processId, taskId));
        TaskStatus status = task.statusAt(now);
        if (status != TaskStatus.PENDING) {
            throw ProcessRejectedException.taskNotPending(processId, task.step(), status);
        }
        requireRunning(state, processId);
        return task;
    }

    private static void requireRunning(ProcessState state, String processId) {
        if (state.status() != ProcessStatus.RUNNING) {
            throw ProcessRejectedException.processFinished(processId, state.status());
        }
    }
}
