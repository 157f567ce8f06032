package dev.processledger.analytics;

import java.time.Instant;
import java.util.List;

/** The analytics answers, as sent (snake_case JSON, or CSV rows of the same members). */
final class Answers {

    private Answers() {}

    /** Percentiles (within 1%, never below the exact value), exact mean and maximum of {@code count} durations. */
    record Durations(long count, Long p50, Long p90, Long p99, Double mean, Long max) {
        static Durations of(DurationSketch sketch) {
            return new Durations(
                    sketch.count(),
                    sketch.percentile(0.5),
                    sketch.percentile(0.9),
                    sketch.percentile(0.99),
                    sketch.mean(),
                    sketch.max());
        }
    }

    record Summary(
            String namespace,
            Instant from,
            Instant to,
            long started,
            long completed,
            long failed,
            long running,
            Double successRate,
            Durations durationMs,
            AnalyticsPosition.AsOf asOf,
            long lagEvents) {}

    record StepRow(
            String namespace,
            String step,
            long runs,
            long attempts,
            long completed,
            long failed,
            long timedOut,
            long skipped,
            long cancelled,
            Double retryRate,
            Double failureRate,
            Durations durationMs,
            Durations humanWaitMs) {}

    record Steps(
            String namespace,
            Instant from,
            Instant to,
            List<StepRow> steps,
            AnalyticsPosition.AsOf asOf,
            long lagEvents) {}

    /** One point of a time series: the bucket's first instant and the metric's value over it (null: no data). */
    record Point(Instant at, Number value) {}

    record Timeseries(
            String metric,
            String bucket,
            String namespace,
            Instant from,
            Instant to,
            List<Point> points,
            AnalyticsPosition.AsOf asOf,
            long lagEvents) {}

    record Delivery(
            String namespace,
            Instant from,
            Instant to,
            long deployments,
            long failed,
            Double deploymentFrequencyPerDay,
            Durations leadTimeMs,
            Double changeFailureRate,
            Durations timeToRestoreMs,
            AnalyticsPosition.AsOf asOf,
            long lagEvents) {}

    /** A fraction, or null when nothing was there to divide. */
    static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
