package dev.processledger.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The analytics answers as CSV (RFC 4180): a header row of the JSON member names (nested ones joined with '_', e.g.
 * {@code duration_ms_p50}), then one row per JSON row. Every row ends with {@code as_of_position, as_of, lag_events},
 * so a file saved from it still says how current it is. An absent value is an empty field.
 */
final class Csv {

    private static final List<String> DURATION = List.of("count", "p50", "p90", "p99", "mean", "max");
    private static final List<String> CURRENCY = List.of("as_of_position", "as_of", "lag_events");

    private final List<String> header = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    private Csv(String... columns) {
        header.addAll(Arrays.asList(columns));
    }

    static String of(Answers.Summary s) {
        Csv csv = new Csv("namespace", "from", "to", "started", "completed", "failed", "running", "success_rate")
                .durations("duration_ms")
                .currency();
        csv.row(with(
                List.of(
                        s.namespace() == null ? "" : s.namespace(),
                        s.from(),
                        s.to(),
                        s.started(),
                        s.completed(),
                        s.failed(),
                        s.running(),
                        nullable(s.successRate())),
                s.durationMs(),
                s.asOf(),
                s.lagEvents()));
        return csv.text();
    }

    static String of(Answers.Steps s) {
        Csv csv = new Csv(
                        "namespace",
                        "step",
                        "runs",
                        "attempts",
                        "completed",
                        "failed",
                        "timed_out",
                        "skipped",
                        "cancelled",
                        "retry_rate",
                        "failure_rate")
                .durations("duration_ms")
                .durations("human_wait_ms")
                .currency();
        for (Answers.StepRow r : s.steps()) {
            List<Object> row = new ArrayList<>(List.of(
                    r.namespace(),
                    r.step(),
                    r.runs(),
                    r.attempts(),
                    r.completed(),
                    r.failed(),
                    r.timedOut(),
                    r.skipped(),
                    r.cancelled(),
                    nullable(r.retryRate()),
                    nullable(r.failureRate())));
            row.addAll(durations(r.durationMs()));
            csv.row(with(row, r.humanWaitMs(), s.asOf(), s.lagEvents()));
        }
        return csv.text();
    }

    static String of(Answers.Timeseries s) {
        Csv csv = new Csv("metric", "at", "value").currency();
        for (Answers.Point p : s.points()) {
            csv.row(List.of(s.metric(), p.at(), nullable(p.value())), s.asOf(), s.lagEvents());
        }
        return csv.text();
    }

    static String of(Answers.Delivery d) {
        Csv csv = new Csv("namespace", "from", "to", "deployments", "failed", "deployment_frequency_per_day")
                .durations("lead_time_ms")
                .column("change_failure_rate")
                .durations("time_to_restore_ms")
                .currency();
        List<Object> row = new ArrayList<>(List.of(
                d.namespace() == null ? "" : d.namespace(),
                d.from(),
                d.to(),
                d.deployments(),
                d.failed(),
                nullable(d.deploymentFrequencyPerDay())));
        row.addAll(durations(d.leadTimeMs()));
        row.add(nullable(d.changeFailureRate()));
        csv.row(with(row, d.timeToRestoreMs(), d.asOf(), d.lagEvents()));
        return csv.text();
    }

    private Csv durations(String prefix) {
        DURATION.forEach(name -> header.add(prefix + "_" + name));
        return this;
    }

    private Csv column(String name) {
        header.add(name);
        return this;
    }

    private Csv currency() {
        header.addAll(CURRENCY);
        return this;
    }

    private void row(List<Object> values) {
        rows.add(values);
    }

    private void row(List<Object> values, AnalyticsPosition.AsOf asOf, long lag) {
        List<Object> row = new ArrayList<>(values);
        row.addAll(List.of(nullable(asOf.position()), nullable(asOf.at()), lag));
        rows.add(row);
    }

    /** The values, then the durations' columns (empty ones for null), then how current the answer is. */
    private static List<Object> with(
            List<Object> values, Answers.Durations durations, AnalyticsPosition.AsOf asOf, long lag) {
        List<Object> row = new ArrayList<>(values);
        row.addAll(durations(durations));
        row.addAll(List.of(nullable(asOf.position()), nullable(asOf.at()), lag));
        return row;
    }

    private static List<Object> durations(Answers.Durations d) {
        if (d == null) {
            return List.of("", "", "", "", "", "");
        }
        return List.of(
                d.count(),
                nullable(d.p50()),
                nullable(d.p90()),
                nullable(d.p99()),
                nullable(d.mean()),
                nullable(d.max()));
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }

    private String text() {
        StringBuilder out = new StringBuilder();
        line(out, new ArrayList<>(header));
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    private static void line(StringBuilder out, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String text = String.valueOf(values.get(i));
            boolean quote = text.indexOf(',') >= 0
                    || text.indexOf('"') >= 0
                    || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0;
            out.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
        }
        out.append("\r\n");
    }
}
