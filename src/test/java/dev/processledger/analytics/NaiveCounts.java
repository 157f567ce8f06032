package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The counts of the analytics answers (processes started, completed, failed and finished; incidents restored;
 * step attempts and their outcomes) compared with the same counts taken naively from the exported events: an event
 * counted twice, or not at all, shows. Figures beyond counts are AnalyticsPropertiesTest's.
 */
final class NaiveCounts {

    private static final List<String> STEP_COUNTS =
            List.of("attempts", "completed", "failed", "timed_out", "skipped", "cancelled");

    private NaiveCounts() {}

    /** Every namespace of the events, and all of them, in [from, to), as {@code api} answers. */
    static void assertCountedOnce(Api api, String token, NaiveAnalytics naive, Instant from, Instant to, String when) {
        List<String> namespaces = new ArrayList<>();
        namespaces.add(null);
        naive.processes.values().stream()
                .map(p -> p.namespace)
                .distinct()
                .sorted()
                .forEach(namespaces::add);
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        for (String namespace : namespaces) {
            String what = when + ", namespace " + namespace;
            String query = "from=" + from + "&to=" + to + (namespace == null ? "" : "&namespace=" + namespace);
            List<NaiveAnalytics.Process> started = naive.started(namespace, start, end);
            JsonNode summary = get(api, "/api/v1/analytics/summary?" + query, token);
            assertThat(summary.path("started").asLong()).as("started, " + what).isEqualTo(started.size());
            assertThat(summary.path("completed").asLong())
                    .as("completed, " + what)
                    .isEqualTo(started.stream()
                            .filter(p -> Boolean.TRUE.equals(p.completed))
                            .count());
            assertThat(summary.path("failed").asLong())
                    .as("failed, " + what)
                    .isEqualTo(started.stream()
                            .filter(p -> Boolean.FALSE.equals(p.completed))
                            .count());
            assertThat(summary.path("duration_ms").path("count").asLong())
                    .as("durations, " + what)
                    .isEqualTo(
                            started.stream().filter(p -> p.finishedAt != null).count());
            long restores = naive.restores.stream()
                    .filter(r -> NaiveAnalytics.in(r.getKey(), namespace, start, end))
                    .count();
            assertThat(get(api, "/api/v1/analytics/delivery?" + query, token)
                            .path("time_to_restore_ms")
                            .path("count")
                            .asLong())
                    .as("restores, " + what)
                    .isEqualTo(restores);
            Map<String, Map<String, Long>> expected = new TreeMap<>();
            naive.steps(namespace, start, end)
                    .forEach((row, facts) -> expected.put(
                            row.replace('\n', ' '),
                            facts.stream()
                                    .collect(Collectors.groupingBy(
                                            NaiveCounts::member, TreeMap::new, Collectors.counting()))));
            Map<String, Map<String, Long>> got = new TreeMap<>();
            for (JsonNode row :
                    get(api, "/api/v1/analytics/steps?" + query, token).path("steps")) {
                Map<String, Long> counts = new TreeMap<>();
                for (String count : STEP_COUNTS) {
                    if (row.path(count).asLong() > 0) {
                        counts.put(count, row.path(count).asLong());
                    }
                }
                got.put(row.path("namespace").asText() + " " + row.path("step").asText(), counts);
            }
            assertThat(got).as("step counts, " + what).isEqualTo(expected);
        }
    }

    /** The member of a steps row that counts this kind of fact. */
    private static String member(NaiveAnalytics.StepFact fact) {
        return fact.kind().equals("attempt") ? "attempts" : fact.kind();
    }

    private static JsonNode get(Api api, String path, String token) {
        Api.Response response = api.get(path, token);
        assertThat(response.status()).as("%s: %s", path, response.raw().body()).isEqualTo(200);
        return response.json();
    }
}
