package dev.processledger.analytics;

import dev.processledger.http.FieldRules;
import dev.processledger.platform.Namespaces;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Query parameters of the analytics endpoints, as sent; {@link #check} validates them all at once. The range is
 * half-open, [from, to), on whole hours (UTC) because the figures are kept per hour; by default the last 7 days up to
 * the end of the current hour.
 */
record AnalyticsParameters(String namespace, String from, String to, String metric, String bucket) {

    static final List<String> METRICS =
            List.of("started", "completed", "failed", "success_rate", "duration_p50", "duration_p90");
    static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final int MAX_POINTS = 744;

    /** The checked request: the organization's range of hours, and the namespace as answers show it. */
    record Checked(AnalyticsReadModel.Range range, Instant from, Instant to, String metric, String bucket) {
        long bucketMillis() {
            return "hour".equals(bucket) ? Hours.HOUR_MS : Hours.DAY_MS;
        }
    }

    Checked check(String orgId, Instant now, boolean series) {
        FieldRules rules = new FieldRules();
        if (namespace != null) {
            rules.text(
                    "namespace",
                    Namespaces.shortForm(orgId, namespace),
                    1,
                    100,
                    Namespaces.SHORT_FORM,
                    Namespaces.SHORT_FORM_HINT);
        }
        Instant end = instant(rules, "to", to, Instant.ofEpochMilli(Hours.floor(now.toEpochMilli()) + Hours.HOUR_MS));
        Instant start = instant(rules, "from", from, end == null ? null : end.minus(DEFAULT_RANGE));
        if (start != null && end != null) {
            if (!start.isBefore(end)) {
                rules.fail("from", "from must be before to");
            } else if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
                rules.fail("to", "the range from from to to must be at most %d days".formatted(MAX_RANGE.toDays()));
            }
        }
        if (series) {
            rules.check(metric != null, "metric", "metric is required: one of " + String.join(", ", METRICS));
            rules.check(
                    metric == null || METRICS.contains(metric),
                    "metric",
                    "metric must be one of " + String.join(", ", METRICS));
            rules.check(
                    bucket == null || bucket.equals("hour") || bucket.equals("day"),
                    "bucket",
                    "bucket must be hour or day");
            if ("hour".equals(bucket)
                    && start != null
                    && end != null
                    && start.isBefore(end)
                    && Duration.between(start, end).toHours() > MAX_POINTS) {
                rules.fail(
                        "bucket",
                        "bucket=hour allows at most %d points (31 days); use bucket=day".formatted(MAX_POINTS));
            }
        }
        rules.throwIfAny();
        String qualified = namespace == null ? null : Namespaces.qualified(orgId, namespace);
        return new Checked(
                new AnalyticsReadModel.Range(orgId, qualified, start.toEpochMilli(), end.toEpochMilli()),
                start,
                end,
                metric,
                bucket == null ? "day" : bucket);
    }

    private static Instant instant(FieldRules rules, String field, String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            Instant parsed = Instant.parse(value);
            if (parsed.toEpochMilli() % Hours.HOUR_MS != 0) {
                rules.fail(
                        field,
                        field + " must be a whole hour (UTC), e.g. 2026-01-01T10:00:00Z: "
                                + "analytics are kept per hour");
                return null;
            }
            return parsed;
        } catch (DateTimeParseException | ArithmeticException e) {
            rules.fail(field, field + " must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
            return null;
        }
    }
}
