package dev.processledger.analytics;

import dev.processledger.analytics.AnalyticsReadModel.Sketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Answers the analytics questions by merging the buckets of the range. The position is read first, so an answer
 * counts at least every event up to its {@code as_of} (and perhaps some after it).
 */
@Component
class AnalyticsReports {

    private final AnalyticsReadModel model;
    private final AnalyticsPosition position;

    AnalyticsReports(AnalyticsReadModel model, AnalyticsPosition position) {
        this.model = model;
        this.position = position;
    }

    Answers.Summary summary(AnalyticsParameters.Checked query) {
        AnalyticsPosition.Current current = position.current();
        ProcessBucket total = new ProcessBucket();
        model.processes(query.range(), false, EnumSet.of(Sketch.DURATION), (namespace, start) -> total);
        return new Answers.Summary(
                query.range().namespace(),
                query.from(),
                query.to(),
                total.started,
                total.completed,
                total.failed,
                total.started - total.completed - total.failed,
                Answers.rate(total.completed, total.completed + total.failed),
                Answers.Durations.of(total.duration),
                current.asOf(),
                current.lagEvents());
    }

    Answers.Steps steps(AnalyticsParameters.Checked query) {
        AnalyticsPosition.Current current = position.current();
        Map<List<String>, StepBucket> byStep = new TreeMap<>((a, b) -> {
            int byNamespace = a.get(0).compareTo(b.get(0));
            return byNamespace != 0 ? byNamespace : a.get(1).compareTo(b.get(1));
        });
        model.steps(
                query.range(),
                (namespace, step) -> byStep.computeIfAbsent(List.of(namespace, step), k -> new StepBucket()));
        List<Answers.StepRow> rows = new ArrayList<>();
        byStep.forEach((key, b) -> rows.add(new Answers.StepRow(
                key.get(0),
                key.get(1),
                b.runs,
                b.attempts,
                b.completed,
                b.failed,
                b.timedOut,
                b.skipped,
                b.cancelled,
                Answers.rate(b.retried, b.runs),
                Answers.rate(b.failed + b.timedOut, b.completed + b.failed + b.timedOut),
                Answers.Durations.of(b.duration),
                b.humanWait.isEmpty() ? null : Answers.Durations.of(b.humanWait))));
        return new Answers.Steps(
                query.range().namespace(), query.from(), query.to(), rows, current.asOf(), current.lagEvents());
    }

    Answers.Timeseries timeseries(AnalyticsParameters.Checked query) {
        AnalyticsPosition.Current current = position.current();
        long from = query.range().from();
        long width = query.bucketMillis();
        TreeMap<Long, ProcessBucket> periods = new TreeMap<>();
        for (long at = from; at < query.range().to(); at += width) {
            periods.put(at, new ProcessBucket());
        }
        // day buckets fit the points only when the points are whole UTC days
        boolean hoursOnly = width == Hours.HOUR_MS || from % Hours.DAY_MS != 0;
        Set<Sketch> sketches =
                query.metric().startsWith("duration_") ? EnumSet.of(Sketch.DURATION) : EnumSet.noneOf(Sketch.class);
        model.processes(
                query.range(),
                hoursOnly,
                sketches,
                (namespace, start) -> periods.floorEntry(start).getValue());
        List<Answers.Point> points = new ArrayList<>();
        periods.forEach((at, b) -> points.add(new Answers.Point(Instant.ofEpochMilli(at), value(query.metric(), b))));
        return new Answers.Timeseries(
                query.metric(),
                query.bucket(),
                query.range().namespace(),
                query.from(),
                query.to(),
                points,
                current.asOf(),
                current.lagEvents());
    }

    private static Number value(String metric, ProcessBucket b) {
        return switch (metric) {
            case "started" -> b.started;
            case "completed" -> b.completed;
            case "failed" -> b.failed;
            case "success_rate" -> Answers.rate(b.completed, b.completed + b.failed);
            case "duration_p50" -> b.duration.percentile(0.5);
            case "duration_p90" -> b.duration.percentile(0.9);
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    Answers.Delivery delivery(AnalyticsParameters.Checked query) {
        AnalyticsPosition.Current current = position.current();
        ProcessBucket total = new ProcessBucket();
        model.processes(
                query.range(), false, EnumSet.of(Sketch.LEAD_TIME, Sketch.RESTORE), (namespace, start) -> total);
        double days = (query.range().to() - query.range().from()) / (double) Hours.DAY_MS;
        return new Answers.Delivery(
                query.range().namespace(),
                query.from(),
                query.to(),
                total.completed,
                total.failed,
                total.completed / days,
                Answers.Durations.of(total.leadTime),
                Answers.rate(total.failed, total.completed + total.failed),
                Answers.Durations.of(total.restore),
                current.asOf(),
                current.lagEvents());
    }
}
