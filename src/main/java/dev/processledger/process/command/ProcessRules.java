package dev.processledger.process.command;

import static dev.processledger.process.api.ProcessRejectedException.Reason.ILLEGAL_TRANSITION;
import static dev.processledger.process.api.ProcessRejectedException.Reason.PROCESS_FINISHED;
import static dev.processledger.process.api.ProcessRejectedException.Reason.UNKNOWN_STEP;
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
import dev.processledger.process.api.UpdateType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private ProcessRules() {
    }

    /** The events a client update appends, in order; throws {@link ProcessRejectedException} if not allowed. */
    public static List<ProcessEvent> decide(ProcessState state, ProcessUpdateCommand command) {
        requireRunning(state, command.processId());
        if (command instanceof StepUpdateCommand stepUpdate) {
            ProcessState.Step step = requireStep(state, stepUpdate.processId(), stepUpdate.step());
            if (!ALLOWED_FROM.get(command.type()).contains(step.status())) {
                throw illegal(command.processId(), step, describe(command.type(), step));
            }
            return List.of(stepEvent(stepUpdate, step));
        }
        return command instanceof CompleteProcessCommand complete
                ? complete(state, complete)
                : fail(state, (FailProcessCommand) command);
    }

    /** The server settles a running step that has been silent for its stale timeout. */
    public static List<ProcessEvent> timeOut(ProcessState state, String processId, String stepKey, Instant at) {
        requireRunning(state, processId);
        ProcessState.Step step = requireStep(state, processId, stepKey);
        if (step.status() != RUNNING) {
            throw illegal(processId, step, "step '%s' is %s and cannot time out".formatted(stepKey, step.status().wireName()));
        }
        return List.of(new StepTimedOutEvent(processId, stepKey, at));
    }

    private static ProcessEvent stepEvent(StepUpdateCommand command, ProcessState.Step step) {
        if (command instanceof StartStepCommand start) {
            return new StepStartedEvent(start.processId(), start.step(), step.attempt() + 1, start.detail(), start.at());
        }
        if (command instanceof RecordProgressCommand progress) {
            return new StepProgressedEvent(progress.processId(), progress.step(), progress.message(), progress.percent(),
                    progress.at());
        }
        int attempt = step.status() == PENDING ? step.attempt() + 1 : step.attempt();
        if (command instanceof CompleteStepCommand complete) {
            return new StepCompletedEvent(complete.processId(), complete.step(), attempt, complete.detail(),
                    complete.data(), complete.at());
        }
        FailStepCommand fail = (FailStepCommand) command;
        return new StepFailedEvent(fail.processId(), fail.step(), attempt, fail.error(), fail.at());
    }

    private static List<ProcessEvent> complete(ProcessState state, CompleteProcessCommand command) {
        List<ProcessEvent> events = new ArrayList<>();
        for (ProcessState.Step step : state.steps()) {
            if (step.status() == RUNNING) {
                throw illegal(command.processId(), step,
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
        state.steps().stream()
                .filter(step -> step.status() == RUNNING)
                .forEach(step -> events.add(new StepCancelledEvent(command.processId(), step.key(), command.at())));
        events.add(new ProcessFailedEvent(command.processId(), command.error(), command.at()));
        return events;
    }

    private static void requireRunning(ProcessState state, String processId) {
        if (state.status() != ProcessStatus.RUNNING) {
            String status = state.status().wireName();
            throw new ProcessRejectedException(PROCESS_FINISHED, processId, null, status,
                    "process is %s and accepts no more updates".formatted(status));
        }
    }

    private static ProcessState.Step requireStep(ProcessState state, String processId, String key) {
        return state.step(key).orElseThrow(() -> new ProcessRejectedException(UNKNOWN_STEP, processId, key, null,
                "unknown step '%s'".formatted(key)));
    }

    private static String describe(UpdateType type, ProcessState.Step step) {
        String action = switch (type) {
            case STEP_STARTED -> "started again";
            case PROGRESS -> "given progress";
            case STEP_COMPLETED -> "completed";
            case STEP_FAILED -> "failed";
            default -> throw new IllegalArgumentException(type + " is not a step update");
        };
        return "step '%s' is %s and cannot be %s".formatted(step.key(), step.status().wireName(), action);
    }

    private static ProcessRejectedException illegal(String processId, ProcessState.Step step, String message) {
        return new ProcessRejectedException(ILLEGAL_TRANSITION, processId, step.key(), step.status().wireName(), message);
    }
}
