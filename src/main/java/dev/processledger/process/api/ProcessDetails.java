package dev.processledger.process.api;

import java.time.Instant;
import java.util.List;

/** A process with its step definitions and one timeline entry per step, in definition order. */
public record ProcessDetails(
        String processId,
        String namespace,
        String name,
        String description,
        ProcessStatus status,
        String currentStep,
        List<StepDefinition> stepDefs,
        List<TimelineEntry> timeline,
        List<String> taskIds,
        Instant startedAt,
        Instant completedAt,
        String summary,
        String error,
        Instant updatedAt,
        long version) {}
