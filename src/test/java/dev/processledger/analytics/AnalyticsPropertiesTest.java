package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.support.Api;
import dev.processledger.support.H2Store;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random histories in two organizations (all six update types, retries, time-outs, several namespaces and series),
 * then every figure of every endpoint, for each namespace and for all of them, compared with the same figure computed
 * naively from the organization's exported events. Percentiles must lie in [exact, exact * 1.01].
 */
@H2Store
class AnalyticsPropertiesTest extends AnalyticsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METRICS =
            List.of("started", "completed", "failed", "success_rate", "duration_p50", "duration_p90");

    private long from;
    private long to;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 42})
    void everyFigureMatchesTheEventsCountedNaively(long seed) throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Histories histories = new Histories(api, seed, MAX_EVENTS);
        List<String[]> organizations = new ArrayList<>();
        for (int o = 0; o < 2; o++) {
            Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "analytics " + seed));
            organizations.add(new String[] {org.text("org_id"), org.text("admin_token")});
        }
        List<Histories.Live> stale = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 40; i++) {
            String[] org = organizations.get(i % 2);
            String namespace = "ns" + (i % 3) + "-" + run;
            Histories.Live process = histories.create(org[1], namespace, "svc-" + (i % 2), i % 10 == 9);
            if (process.stale) {
                histories.leaveRunning(process);
                stale.add(process);
            }
        }
        List<Histories.Live> active = new ArrayList<>(
                histories.processes.stream().filter(p -> !p.stale).toList());
        java.util.Random pick = new java.util.Random(seed);
        while (!active.isEmpty()) {
            Histories.Live process = active.get(pick.nextInt(active.size()));
            if (!histories.step(process)) {
                active.remove(process);
            }
        }
        for (Histories.Live process : stale) {
            histories.awaitTimeOuts(process);
            if (pick.nextBoolean()) {
                histories.step(process);
            }
            if (!process.finished) {
                histories.finish(process, pick.nextBoolean());
            }
        }

        for (String[] org : organizations) {
            caughtUp("/api/v1/analytics/summary", org[1]);
            NaiveAnalytics naive = new NaiveAnalytics(export(org[1]));
            List<String> namespaces = new ArrayList<>();
            namespaces.add(null);
            naive.processes.values().stream()
                    .map(p -> p.namespace)
                    .distinct()
                    .sorted()
                    .forEach(namespaces::add);
            // three hours (hour buckets only), and three whole days (day buckets, and hour buckets at no edge)
            for (String bucket : List.of("hour", "day")) {
                ChronoUnit unit = bucket.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
                Instant start = bucket.equals("hour") ? hour : day;
                from = start.minus(1, unit).toEpochMilli();
                to = start.plus(2, unit).toEpochMilli();
                for (String namespace : namespaces) {
                    String query = "from=" + Instant.ofEpochMilli(from) + "&to=" + Instant.ofEpochMilli(to)
                            + (namespace == null ? "" : "&namespace=" + namespace);
                    compareSummary(naive, namespace, get("/api/v1/analytics/summary?" + query, org[1]));
                    compareSteps(naive, namespace, get("/api/v1/analytics/steps?" + query, org[1]));
                    for (String metric : METRICS) {
                        compareSeries(
                                naive,
                                namespace,
                                metric,
                                unit.getDuration().toMillis(),
                                get(
                                        "/api/v1/analytics/timeseries?bucket=" + bucket + "&metric=" + metric + "&"
                                                + query,
                                        org[1]));
                    }
                    compareDelivery(naive, namespace, get("/api/v1/analytics/delivery?" + query, org[1]));
                }
            }
        }
    }

    private JsonNode get(String path, String token) {
        Api.Response response = api.get(path, token);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.json();
    }

    private List<JsonNode> export(String token) throws Exception {
        Api.Response export = api.send(api.request("/api/v1/audit/export", token)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build());
        assertThat(export.status()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.raw().body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private void compareSummary(NaiveAnalytics naive, String namespace, JsonNode got) {
        List<NaiveAnalytics.Process> started = naive.started(namespace, from, to);
        long completed =
                started.stream().filter(p -> Boolean.TRUE.equals(p.completed)).count();
        long failed =
                started.stream().filter(p -> Boolean.FALSE.equals(p.completed)).count();
        String what = "summary of " + namespace;
        assertThat(got.path("started").asLong()).as(what).isEqualTo(started.size());
        assertThat(got.path("completed").asLong()).as(what).isEqualTo(completed);
        assertThat(got.path("failed").asLong()).as(what).isEqualTo(failed);
        assertThat(got.path("running").asLong()).as(what).isEqualTo(started.size() - completed - failed);
        assertRate(got.path("success_rate"), completed, completed + failed, what);
        assertDurations(
                got.path("duration_ms"),
                started.stream()
                        .filter(p -> p.finishedAt != null)
                        .map(p -> p.finishedAt - p.startedAt)
                        .toList(),
                what);
    }

    private void compareSteps(NaiveAnalytics naive, String namespace, JsonNode got) {
        var expected = naive.steps(namespace, from, to);
        List<String> keys = new ArrayList<>();
        got.path("steps")
                .forEach(row -> keys.add(
                        row.path("namespace").asText() + "\n" + row.path("step").asText()));
        assertThat(keys).as("step rows of %s", namespace).containsExactlyElementsOf(expected.keySet());
        int i = 0;
        for (var entry : expected.entrySet()) {
            JsonNode row = got.path("steps").get(i++);
            List<NaiveAnalytics.StepFact> facts = entry.getValue();
            String what = "step " + entry.getKey().replace('\n', ' ');
            String step = row.path("step").asText();
            var inRange = naive.started(row.path("namespace").asText(), from, to);
            long runs = inRange.stream()
                    .filter(p -> p.attempts.getOrDefault(step, 0) >= 1)
                    .count();
            long retried = inRange.stream()
                    .filter(p -> p.attempts.getOrDefault(step, 0) >= 2)
                    .count();
            long completed = kind(facts, "completed");
            long failed = kind(facts, "failed");
            long timedOut = kind(facts, "timed_out");
            assertThat(row.path("runs").asLong()).as(what).isEqualTo(runs);
            assertThat(row.path("attempts").asLong()).as(what).isEqualTo(kind(facts, "attempt"));
            assertThat(row.path("completed").asLong()).as(what).isEqualTo(completed);
            assertThat(row.path("failed").asLong()).as(what).isEqualTo(failed);
            assertThat(row.path("timed_out").asLong()).as(what).isEqualTo(timedOut);
            assertThat(row.path("skipped").asLong()).as(what).isEqualTo(kind(facts, "skipped"));
            assertThat(row.path("cancelled").asLong()).as(what).isEqualTo(kind(facts, "cancelled"));
            assertRate(row.path("retry_rate"), retried, runs, what);
            assertRate(row.path("failure_rate"), failed + timedOut, completed + failed + timedOut, what);
            List<Long> durations = facts.stream()
                    .map(NaiveAnalytics.StepFact::duration)
                    .filter(Objects::nonNull)
                    .toList();
            assertDurations(row.path("duration_ms"), durations, what);
            List<Long> waits = facts.stream()
                    .filter(f -> f.duration() != null && f.human())
                    .map(NaiveAnalytics.StepFact::duration)
                    .toList();
            if (waits.isEmpty()) {
                assertThat(row.path("human_wait_ms").isNull()).as(what).isTrue();
            } else {
                assertDurations(row.path("human_wait_ms"), waits, what + " human wait");
            }
        }
    }

    private void compareSeries(NaiveAnalytics naive, String namespace, String metric, long width, JsonNode got) {
        assertThat(got.path("points")).hasSize(3);
        for (JsonNode point : got.path("points")) {
            long at = Instant.parse(point.path("at").asText()).toEpochMilli();
            List<NaiveAnalytics.Process> started = naive.started(namespace, at, at + width);
            long completed = started.stream()
                    .filter(p -> Boolean.TRUE.equals(p.completed))
                    .count();
            long failed = started.stream()
                    .filter(p -> Boolean.FALSE.equals(p.completed))
                    .count();
            List<Long> durations = started.stream()
                    .filter(p -> p.finishedAt != null)
                    .map(p -> p.finishedAt - p.startedAt)
                    .toList();
            JsonNode value = point.path("value");
            String what = metric + " at " + point.path("at").asText() + " of " + namespace;
            switch (metric) {
                case "started" -> assertThat(value.asLong()).as(what).isEqualTo(started.size());
                case "completed" -> assertThat(value.asLong()).as(what).isEqualTo(completed);
                case "failed" -> assertThat(value.asLong()).as(what).isEqualTo(failed);
                case "success_rate" -> assertRate(value, completed, completed + failed, what);
                case "duration_p50" -> assertPercentile(value, NaiveAnalytics.percentile(durations, 0.5), what);
                default -> assertPercentile(value, NaiveAnalytics.percentile(durations, 0.9), what);
            }
        }
    }

    private void compareDelivery(NaiveAnalytics naive, String namespace, JsonNode got) {
        List<NaiveAnalytics.Process> started = naive.started(namespace, from, to);
        List<Long> leadTimes = started.stream()
                .filter(p -> Boolean.TRUE.equals(p.completed))
                .map(p -> p.finishedAt - p.startedAt)
                .toList();
        long failed =
                started.stream().filter(p -> Boolean.FALSE.equals(p.completed)).count();
        String what = "delivery of " + namespace;
        assertThat(got.path("deployments").asLong()).as(what).isEqualTo(leadTimes.size());
        assertThat(got.path("failed").asLong()).as(what).isEqualTo(failed);
        assertThat(got.path("deployment_frequency_per_day").asDouble())
                .as(what)
                .isCloseTo(leadTimes.size() / ((to - from) / 86_400_000.0), within(1e-9));
        assertDurations(got.path("lead_time_ms"), leadTimes, what + " lead time");
        assertRate(got.path("change_failure_rate"), failed, leadTimes.size() + failed, what);
        List<Long> restores = naive.restores.stream()
                .filter(r -> NaiveAnalytics.in(r.getKey(), namespace, from, to))
                .map(Map.Entry::getValue)
                .toList();
        assertDurations(got.path("time_to_restore_ms"), restores, what + " time to restore");
    }

    private static long kind(List<NaiveAnalytics.StepFact> facts, String kind) {
        return facts.stream().filter(f -> f.kind().equals(kind)).count();
    }

    private static void assertRate(JsonNode got, long part, long whole, String what) {
        if (whole == 0) {
            assertThat(got.isNull())
                    .as("%s: rate of nothing is null, got %s", what, got)
                    .isTrue();
        } else {
            assertThat(got.asDouble()).as(what).isCloseTo((double) part / whole, within(1e-12));
        }
    }

    private static void assertDurations(JsonNode got, List<Long> exact, String what) {
        assertThat(got.path("count").asLong()).as(what + " count").isEqualTo(exact.size());
        assertPercentile(got.path("p50"), NaiveAnalytics.percentile(exact, 0.5), what + " p50");
        assertPercentile(got.path("p90"), NaiveAnalytics.percentile(exact, 0.9), what + " p90");
        assertPercentile(got.path("p99"), NaiveAnalytics.percentile(exact, 0.99), what + " p99");
        if (exact.isEmpty()) {
            assertThat(got.path("mean").isNull()).as(what).isTrue();
            assertThat(got.path("max").isNull()).as(what).isTrue();
            return;
        }
        double mean = exact.stream().mapToLong(Long::longValue).average().orElseThrow();
        assertThat(got.path("mean").asDouble()).as(what + " mean").isCloseTo(mean, within(1e-6));
        assertThat(got.path("max").asLong())
                .as(what + " max")
                .isEqualTo(exact.stream().mapToLong(v -> v).max().orElseThrow());
    }

    private static void assertPercentile(JsonNode got, Long exact, String what) {
        if (exact == null) {
            assertThat(got.isNull())
                    .as("%s of nothing is null, got %s", what, got)
                    .isTrue();
            return;
        }
        assertThat(got.asLong()).as(what).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo((long)
                Math.floor(exact * 1.01));
    }
}
