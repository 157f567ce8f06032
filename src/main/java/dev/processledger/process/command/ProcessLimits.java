package dev.processledger.process.command;

import dev.processledger.process.api.ProcessDefinition;
import java.time.Duration;

/**
 * The limits every process lives under: the most events it may hold ({@code ledger.max-events-per-process}) and
 * how long a running step may go without an update ({@code ledger.stale-after}, or the process's own).
 */
public record ProcessLimits(long maxEventsPerProcess, Duration staleAfter) {

    /** The most approval tasks one process may have had (the read model keeps their ids in one column). */
    public static final int MAX_TASKS = 1000;

    public ProcessLimits {
        if (maxEventsPerProcess < 3) {
            throw new IllegalArgumentException("a process needs room for at least three events");
        }
    }

    /** The most steps a process may be created with: its creation, one event per step, and its completion. */
    public long maxSteps() {
        return maxEventsPerProcess - 2;
    }

    /** The stale timeout of a process's steps. */
    public Duration staleAfter(ProcessDefinition definition) {
        return definition.staleAfterSeconds() != null ? Duration.ofSeconds(definition.staleAfterSeconds()) : staleAfter;
    }
}
