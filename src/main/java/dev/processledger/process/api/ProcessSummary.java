package dev.processledger.process.api;

import java.time.Instant;
import java.util.List;

/** A process as the list shows it: no step definitions or timeline, just their count. */
public record ProcessSummary(
        String processId,
        String namespace,
        String name,
        ProcessStatus status,
        String currentStep,
        Instant startedAt,
        Instant completedAt,
        int stepCount,
        List<String> taskIds) {}
