package dev.processledger.analytics;

import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.TaskEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The changes one batch of events makes to the analytics model, gathered in memory and written once at the end
 * (see {@link AnalyticsStore#flush}): the processes and series it touched, and the additions to each bucket. Every
 * figure is attributed to the hour its process started in. Plain Java; the store loads what the batch has not seen.
 */
final class AnalyticsBatch {

    /** Where a batch gets the state of a process or series it has not seen yet. */
    interface Loader {
        ProcessTrack process(String processId);

        Series series(Series.Key key);
    }

    private final Loader loader;
    final Map<String, ProcessTrack> processes = new HashMap<>();
    final Set<String> newProcesses = new HashSet<>();
    final Map<Series.Key, Series> series = new HashMap<>();
    final TreeMap<ProcessBucket.Key, ProcessBucket> processBuckets = new TreeMap<>();
    final TreeMap<StepBucket.Key, StepBucket> stepBuckets = new TreeMap<>();

    AnalyticsBatch(Loader loader) {
        this.loader = loader;
    }

    void apply(ProcessEvent event) {
        if (event instanceof TaskEvent) {
            // an approval changes no figure of its own: the step event that follows a decision does
            return;
        }
        if (event instanceof ProcessCreatedEvent created) {
            created(created);
            return;
        }
        ProcessTrack track = track(event.processId());
        long at = event.at().toEpochMilli();
        if (event instanceof StepStartedEvent started) {
            ProcessTrack.StepTrack step = step(track, started.step());
            newAttempt(step, stepBucket(track, started.step()));
            step.runningSince = at;
        } else if (event instanceof StepCompletedEvent completed) {
            ended(track, completed.step(), at, Outcome.COMPLETED);
        } else if (event instanceof StepFailedEvent failed) {
            ended(track, failed.step(), at, Outcome.FAILED);
        } else if (event instanceof StepTimedOutEvent timedOut) {
            ended(track, timedOut.step(), at, Outcome.TIMED_OUT);
        } else if (event instanceof StepCancelledEvent cancelled) {
            step(track, cancelled.step()).runningSince = null;
            stepBucket(track, cancelled.step()).cancelled++;
        } else if (event instanceof StepSkippedEvent skipped) {
            stepBucket(track, skipped.step()).skipped++;
        } else if (event instanceof ProcessCompletedEvent) {
            finished(track, at, true);
        } else if (event instanceof ProcessFailedEvent) {
            finished(track, at, false);
        } else if (!(event instanceof StepProgressedEvent)) {
            // progress changes no figure; anything else is an event this projection does not know yet
            throw new IllegalStateException(
                    "analytics does not handle " + event.getClass().getName());
        }
    }

    private enum Outcome {
        COMPLETED,
        FAILED,
        TIMED_OUT
    }

    private void created(ProcessCreatedEvent event) {
        ProcessTrack track = new ProcessTrack();
        track.org = event.orgId();
        track.namespace = event.definition().namespace();
        track.name = event.definition().name();
        track.startedAt = event.at().toEpochMilli();
        for (StepDefinition definition : event.definition().steps()) {
            ProcessTrack.StepTrack step = new ProcessTrack.StepTrack();
            step.human = definition.human();
            track.steps.put(definition.key(), step);
        }
        processes.put(event.processId(), track);
        newProcesses.add(event.processId());
        processBucket(track).started++;
    }

    /**
     * An attempt ended. Without a running attempt the step went straight from pending to this outcome: a new attempt
     * that started and ended at the same instant. Cancelled attempts are not timed (the process ended them).
     */
    private void ended(ProcessTrack track, String key, long at, Outcome outcome) {
        ProcessTrack.StepTrack step = step(track, key);
        StepBucket bucket = stepBucket(track, key);
        long since = step.runningSince != null ? step.runningSince : at;
        if (step.runningSince == null) {
            newAttempt(step, bucket);
        }
        step.runningSince = null;
        switch (outcome) {
            case COMPLETED -> bucket.completed++;
            case FAILED -> bucket.failed++;
            case TIMED_OUT -> bucket.timedOut++;
        }
        bucket.duration.record(at - since);
        if (step.human) {
            bucket.humanWait.record(at - since);
        }
    }

    private static void newAttempt(ProcessTrack.StepTrack step, StepBucket bucket) {
        step.attempts++;
        bucket.attempts++;
        if (step.attempts == 1) {
            bucket.runs++;
        } else if (step.attempts == 2) {
            bucket.retried++;
        }
    }

    /**
     * The process finished. A failure opens an incident of its series (same namespace and name) unless one is open;
     * the next completion closes it, and its time to restore counts in the hour the failure's process started.
     */
    private void finished(ProcessTrack track, long at, boolean completed) {
        track.finished = true;
        ProcessBucket bucket = processBucket(track);
        long duration = at - track.startedAt;
        bucket.duration.record(duration);
        Series.Key key = new Series.Key(track.org, track.namespace, track.name);
        Series state = series.computeIfAbsent(key, loader::series);
        if (completed) {
            bucket.completed++;
            bucket.leadTime.record(duration);
            if (state.openSince != null) {
                processBuckets
                        .computeIfAbsent(
                                new ProcessBucket.Key(track.org, track.namespace, Hours.HOUR_MS, state.openHour),
                                k -> new ProcessBucket())
                        .restore
                        .record(at - state.openSince);
                state.openSince = null;
                state.openHour = null;
                state.changed = true;
            }
        } else {
            bucket.failed++;
            if (state.openSince == null) {
                state.openSince = at;
                state.openHour = track.hour();
                state.changed = true;
            }
        }
    }

    private ProcessTrack track(String processId) {
        ProcessTrack track = processes.computeIfAbsent(processId, loader::process);
        if (track == null) {
            throw new IllegalStateException("analytics has no record of process " + processId);
        }
        return track;
    }

    private static ProcessTrack.StepTrack step(ProcessTrack track, String key) {
        ProcessTrack.StepTrack step = track.steps.get(key);
        if (step == null) {
            throw new IllegalStateException("process has no step " + key);
        }
        return step;
    }

    private ProcessBucket processBucket(ProcessTrack track) {
        return processBuckets.computeIfAbsent(
                new ProcessBucket.Key(track.org, track.namespace, Hours.HOUR_MS, track.hour()),
                k -> new ProcessBucket());
    }

    private StepBucket stepBucket(ProcessTrack track, String step) {
        return stepBuckets.computeIfAbsent(
                new StepBucket.Key(track.org, track.namespace, Hours.HOUR_MS, track.hour(), step),
                k -> new StepBucket());
    }
}
