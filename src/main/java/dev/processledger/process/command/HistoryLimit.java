package dev.processledger.process.command;

import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.StepStatus;
import java.util.List;

/**
 * The most events one process may hold ({@code ledger.max-events-per-process}), and the room kept free so that a
 * process at the cap can always finish: every update must leave space to complete each running step and then the
 * process (one {@code step_skipped} per pending step, plus {@code process_completed}). Updates that finish work never
 * shrink that space, so they always fit once it is kept; a {@code failed} update needs no more than it either.
 */
public record HistoryLimit(long maxEventsPerProcess) {

    public HistoryLimit {
        if (maxEventsPerProcess < 3) {
            throw new IllegalArgumentException("a process needs room for at least three events");
        }
    }

    /** The most steps a process may be created with: its creation, one event per step, and its completion. */
    public long maxSteps() {
        return maxEventsPerProcess - 2;
    }

    /**
     * Whether a process holding {@code eventsHeld} events may append {@code events}, which take it from
     * {@code before} to its next state. Finishing updates only need the events themselves to fit.
     */
    boolean allows(ProcessState before, long eventsHeld, List<ProcessEvent> events, boolean finishes) {
        long after = eventsHeld + events.size();
        if (finishes) {
            return after <= maxEventsPerProcess;
        }
        ProcessState next = before.copy();
        events.forEach(next::apply);
        return after + roomToFinish(next) <= maxEventsPerProcess;
    }

    /** Events needed to complete every running step and then the process. */
    static long roomToFinish(ProcessState state) {
        return state.steps().stream()
                .filter(step -> step.status() == StepStatus.RUNNING || step.status() == StepStatus.PENDING)
                .count() + 1;
    }
}
