package dev.processledger.process.command;

import static dev.processledger.process.api.StepStatus.FAILED;
import static dev.processledger.process.api.StepStatus.PENDING;
import static dev.processledger.process.api.StepStatus.RUNNING;
import static dev.processledger.process.api.StepStatus.TIMED_OUT;

import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.StepUpdateCommand;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskStatus;
import dev.processledger.process.api.UpdateType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The step state machine: decides which events an update produces, or refuses it, without changing anything.
 * Pure Java, so every transition is unit-tested on its own.
 */
public final class ProcessRules {

    /** For each step-level update, the step statuses it is allowed from. */
    static final Map<UpdateType, Set<StepStatus>> ALLOWED_FROM = new EnumMap<>(Map.of(
            UpdateType.STEP_STARTED, EnumSet.of(PENDING, FAILED, TIMED_OUT),
            UpdateType.PROGRESS, EnumSet.of(RUNNING),
            UpdateType.STEP_COMPLETED, EnumSet.of(RUNNING, PENDING),
            UpdateType.STEP_FAILED, EnumSet.of(RUNNING, PENDING)));

    private ProcessRules() {}

    /** The events a client update appends, in order; throws {@link ProcessRejectedException} if not allowed. */
    public static List<ProcessEvent> decide(ProcessState state, ProcessUpdateCommand command) {
        requireRunning(state, command.processId());
        if (command instanceof StepUpdateCommand stepUpdate) {
            ProcessState.Step step = requireStep(state, stepUpdate.processId(), stepUpdate.step());
            if (!ALLOWED_FROM.get(command.type()).contains(step.status())) {
                throw illegal(command.processId(), step, describe(command.type(), step));
            }
            ProcessEvent event = stepEvent(stepUpdate, step);
            if (event instanceof StepCompletedEvent || event instanceof StepFailedEvent) {
                List<ProcessEvent> events = new ArrayList<>(List.of(event));
                cancelPendingTasks(
                        state,
                        command.processId(),
                        command.at(),
                        stepUpdate.step(),
                        event instanceof StepCompletedEvent ? "step completed" : "step failed",
                        events);
                return events;
            }
            return List.of(event);
        }
        return command instanceof CompleteProcessCommand complete
                ? complete(state, complete)
                : fail(state, (FailProcessCommand) command);
    }

    /**
     * Whether a process holding {@code eventsHeld} events may append {@code events}: afterwards there must still be
     * room to complete every running step and then the process (one {@code step_skipped} per pending step, one
     * {@code task_cancelled} per pending task, plus {@code process_completed}). Completing work never shrinks that
     * room, so once it is kept a running step and then the process can always complete, and failing always fits. A
     * {@code finishing} update (one that completes or fails the process) only needs its own events to fit.
     */
    public static boolean withinHistory(
            ProcessLimits limits, ProcessState state, long eventsHeld, List<ProcessEvent> events, boolean finishing) {
        long after = eventsHeld + events.size();
        if (finishing) {
            return after <= limits.maxEventsPerProcess();
        }
        ProcessState next = state.copy();
        events.forEach(next::apply);
        long roomToFinish = next.steps().stream()
                        .filter(step -> step.status() == RUNNING || step.status() == PENDING)
                        .count()
                + pendingTasks(next, Instant.MIN).count()
                + 1;
        return after + roomToFinish <= limits.maxEventsPerProcess();
    }

    /** What a step's stale deadline does when it fires. */
    public sealed interface StaleDecision {

        /** The step moved on (or the process finished): nothing to do. */
        record Nothing() implements StaleDecision {}

        /** The step was heard from since the deadline was set: set it again for the rest of the timeout. */
        record SetAgain(Duration after) implements StaleDecision {}

        /** The step was silent for its whole timeout: it times out. */
        record TimeOut(List<ProcessEvent> events) implements StaleDecision {}
    }

    /**
     * The decision for a step's stale deadline firing at {@code now}. Time-outs are not held to the history cap: a
     * process at the cap still has its steps settled.
     */
    public static StaleDecision whenStale(
            ProcessLimits limits, ProcessState state, String processId, String stepKey, Instant now) {
        ProcessState.Step step = state.step(stepKey).orElse(null);
        if (state.status() != ProcessStatus.RUNNING || step == null || step.status() != RUNNING) {
            return new StaleDecision.Nothing();
        }
        if (pendingTasks(state, now).anyMatch(task -> task.step().equals(stepKey))) {
            // waiting for a person, not for silent tooling: look again after another whole timeout
            return new StaleDecision.SetAgain(limits.staleAfter(state.definition()));
        }
        Instant due = step.lastUpdate().plus(limits.staleAfter(state.definition()));
        if (due.isAfter(now)) {
            return new StaleDecision.SetAgain(Duration.between(now, due));
        }
        return new StaleDecision.TimeOut(List.of(new StepTimedOutEvent(processId, stepKey, now)));
    }

    private static ProcessEvent stepEvent(StepUpdateCommand command, ProcessState.Step step) {
        if (command instanceof StartStepCommand start) {
            return new StepStartedEvent(
                    start.processId(), start.step(), step.attempt() + 1, start.detail(), start.at());
        }
        if (command instanceof RecordProgressCommand progress) {
            return new StepProgressedEvent(
                    progress.processId(), progress.step(), progress.message(), progress.percent(), progress.at());
        }
        int attempt = step.status() == PENDING ? step.attempt() + 1 : step.attempt();
        if (command instanceof CompleteStepCommand complete) {
            return new StepCompletedEvent(
                    complete.processId(), complete.step(), attempt, complete.detail(), complete.data(), complete.at());
        }
        FailStepCommand fail = (FailStepCommand) command;
        return new StepFailedEvent(fail.processId(), fail.step(), attempt, fail.error(), fail.at());
    }

    /** The tasks still pending at {@code now} (expired ones excluded). */
    static Stream<ProcessState.Task> pendingTasks(ProcessState state, Instant now) {
        return state.tasks().stream().filter(task -> task.statusAt(now) == TaskStatus.PENDING);
    }

    /** Appends a cancellation for each task pending on {@code step} (every step when null). */
    static void cancelPendingTasks(
            ProcessState state, String processId, Instant now, String step, String reason, List<ProcessEvent> events) {
        pendingTasks(state, now)
                .filter(task -> step == null || task.step().equals(step))
                .forEach(
                        task -> events.add(new TaskCancelledEvent(processId, task.taskId(), task.step(), reason, now)));
    }

    private static List<ProcessEvent> complete(ProcessState state, CompleteProcessCommand command) {
        List<ProcessEvent> events = new ArrayList<>();
        cancelPendingTasks(state, command.processId(), command.at(), null, "process completed", events);
        for (ProcessState.Step step : state.steps()) {
            if (step.status() == RUNNING) {
                throw illegal(
                        command.processId(),
                        step,
                        "step '%s' is still running; the process cannot complete".formatted(step.key()));
            }
            if (step.status() == PENDING) {
                events.add(new StepSkippedEvent(command.processId(), step.key(), command.at()));
            }
        }
        events.add(new ProcessCompletedEvent(command.processId(), command.summary(), command.at()));
        return events;
    }

    private static List<ProcessEvent> fail(ProcessState state, FailProcessCommand command) {
        List<ProcessEvent> events = new ArrayList<>();
        cancelPendingTasks(state, command.processId(), command.at(), null, "process failed", events);
        state.steps().stream()
                .filter(step -> step.status() == RUNNING)
                .forEach(step -> events.add(new StepCancelledEvent(command.processId(), step.key(), command.at())));
        events.add(new ProcessFailedEvent(command.processId(), command.error(), command.at()));
        return events;
    }

    private static void requireRunning(ProcessState state, String processId) {
        if (state.status() != ProcessStatus.RUNNING) {
            throw ProcessRejectedException.processFinished(processId, state.status());
        }
    }

    private static ProcessState.Step requireStep(ProcessState state, String processId, String key) {
        return state.step(key).orElseThrow(() -> ProcessRejectedException.unknownStep(processId, key));
    }

    private static String describe(UpdateType type, ProcessState.Step step) {
        String action = switch (type) {
            case STEP_STARTED -> "started again";
            case PROGRESS -> "given progress";
            case STEP_COMPLETED -> "completed";
            case STEP_FAILED -> "failed";
            default -> throw new IllegalArgumentException(type + " is not a step update");
        };
        return "step '%s' is %s and cannot be %s"
                .formatted(step.key(), step.status().wireName(), action);
    }

    private static ProcessRejectedException illegal(String processId, ProcessState.Step step, String message) {
        return ProcessRejectedException.illegalTransition(processId, step.key(), step.status(), message);
    }
}
