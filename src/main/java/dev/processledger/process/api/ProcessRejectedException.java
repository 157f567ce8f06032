package dev.processledger.process.api;

import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.HandlerExecutionException;

/**
 * The aggregate refused a command; nothing was appended. The {@link Reason} decides how clients see it.
 * {@code currentStatus} is the wire name of the step's or the process's status at the time of refusal;
 * {@code version} the sequence of the last event the refusing state had seen (-1 before any).
 * <p>
 * It is a {@link CommandExecutionException} whose details are a {@link Refusal}: a distributed command bus (Axon
 * Server) carries the details, not the exception, to the sender, and {@link #of(Throwable)} makes the same
 * refusal again there, so both run modes answer alike.
 */
public class ProcessRejectedException extends CommandExecutionException {

    /** Everything a refusal says, as it crosses a distributed command bus. */
    public record Refusal(
            Reason reason, String processId, String step, String currentStatus, String message, long version) {}

    /** Why a command was refused. */
    public enum Reason {
        /** No such process in the caller's organization. */
        NOT_FOUND,
        /** The update names a step the process was not created with. */
        UNKNOWN_STEP,
        /** The step's current status does not allow this update. */
        ILLEGAL_TRANSITION,
        /** The process is completed or failed: it takes no more updates. */
        PROCESS_FINISHED,
        /** The process holds the maximum number of events. */
        HISTORY_FULL,
        /** A create named a process id that already exists with another definition. */
        ID_IN_USE,
        /** No such task on the process (or in the caller's organization). */
        TASK_NOT_FOUND,
        /** The task was already decided, cancelled or has expired. */
        TASK_NOT_PENDING,
        /** The step already has a pending task. */
        TASK_ALREADY_PENDING,
        /** The four-eyes rule: whoever created the process or the task may not decide it. */
        SAME_APPROVER,
        /** The process holds the maximum number of tasks. */
        TOO_MANY_TASKS
    }

    private final Reason reason;
    private final String processId;
    private final String step;
    private final String currentStatus;
    private final long version;

    private ProcessRejectedException(
            Reason reason, String processId, String step, String currentStatus, String message, long version) {
        super(message, null, new Refusal(reason, processId, step, currentStatus, message, version), false);
        this.reason = reason;
        this.processId = processId;
        this.step = step;
        this.currentStatus = currentStatus;
        this.version = version;
    }

    public static ProcessRejectedException notFound(String processId) {
        return new ProcessRejectedException(Reason.NOT_FOUND, processId, null, null, "process not found", -1);
    }

    public static ProcessRejectedException idInUse(String processId) {
        return new ProcessRejectedException(
                Reason.ID_IN_USE, processId, null, null, "process_id is already in use by another process", -1);
    }

    public static ProcessRejectedException unknownStep(String processId, String step) {
        return new ProcessRejectedException(
                Reason.UNKNOWN_STEP, processId, step, null, "unknown step '%s'".formatted(step), -1);
    }

    public static ProcessRejectedException illegalTransition(
            String processId, String step, StepStatus status, String message) {
        return new ProcessRejectedException(Reason.ILLEGAL_TRANSITION, processId, step, status.wireName(), message, -1);
    }

    public static ProcessRejectedException processFinished(String processId, ProcessStatus status) {
        return new ProcessRejectedException(
                Reason.PROCESS_FINISHED,
                processId,
                null,
                status.wireName(),
                "process is %s and accepts no more updates".formatted(status.wireName()),
                -1);
    }

    public static ProcessRejectedException historyFull(String processId, ProcessStatus status, long held, long max) {
        return new ProcessRejectedException(
                Reason.HISTORY_FULL,
                processId,
                null,
                status.wireName(),
                "process holds %d events; the limit is %d".formatted(held, max),
                -1);
    }

    public static ProcessRejectedException taskNotFound(String processId, String taskId) {
        return new ProcessRejectedException(
                Reason.TASK_NOT_FOUND, processId, null, null, "task %s not found".formatted(taskId), -1);
    }

    public static ProcessRejectedException taskNotPending(String processId, String step, TaskStatus status) {
        return new ProcessRejectedException(
                Reason.TASK_NOT_PENDING,
                processId,
                step,
                status.wireName(),
                "task is %s, not pending".formatted(status.wireName()),
                -1);
    }

    public static ProcessRejectedException taskAlreadyPending(String processId, String step, String taskId) {
        return new ProcessRejectedException(
                Reason.TASK_ALREADY_PENDING,
                processId,
                step,
                TaskStatus.PENDING.wireName(),
                "step '%s' already has pending task %s".formatted(step, taskId),
                -1);
    }

    public static ProcessRejectedException sameApprover(String processId, String step) {
        return new ProcessRejectedException(
                Reason.SAME_APPROVER,
                processId,
                step,
                TaskStatus.PENDING.wireName(),
                "this task needs a distinct approver: the token that created the process or the task cannot decide it",
                -1);
    }

    public static ProcessRejectedException tooManyTasks(String processId, int max) {
        return new ProcessRejectedException(
                Reason.TOO_MANY_TASKS, processId, null, null, "process holds %d tasks, the limit".formatted(max), -1);
    }

    /**
     * The refusal a failure carries: itself, or the one in a {@link HandlerExecutionException}'s details (as a
     * distributed command bus delivers it), anywhere in its causes.
     */
    public static Optional<ProcessRejectedException> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProcessRejectedException rejected) {
                return Optional.of(rejected);
            }
            if (t instanceof HandlerExecutionException handled
                    && handled.getDetails().orElse(null) instanceof Refusal refusal) {
                return Optional.of(new ProcessRejectedException(
                        refusal.reason(),
                        refusal.processId(),
                        refusal.step(),
                        refusal.currentStatus(),
                        refusal.message(),
                        refusal.version()));
            }
        }
        return Optional.empty();
    }

    /** The same refusal, noting the version of the state that made it. */
    public ProcessRejectedException seenAt(long seenVersion) {
        return new ProcessRejectedException(reason, processId, step, currentStatus, getMessage(), seenVersion);
    }

    public Reason reason() {
        return reason;
    }

    public String processId() {
        return processId;
    }

    public String step() {
        return step;
    }

    public String currentStatus() {
        return currentStatus;
    }

    /** The sequence of the last event the refusing state had seen, -1 when unknown. */
    public long version() {
        return version;
    }
}
