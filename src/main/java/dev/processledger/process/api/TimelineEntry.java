package dev.processledger.process.api;

import java.time.Instant;
import java.util.Map;

/** The state of one step: its last attempt's times, outcome and progress. */
public record TimelineEntry(
        String step,
        String label,
        StepStatus status,
        boolean human,
        int attempt,
        Instant startedAt,
        Instant completedAt,
        Long durationMs,
        String detail,
        String error,
        Map<String, Object> data,
        String progressMessage,
        Integer progressPercent,
        String taskId) {}
