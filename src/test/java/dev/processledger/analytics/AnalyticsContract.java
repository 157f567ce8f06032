package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** The analytics endpoints end to end: real updates, the real pooled processor, answers over HTTP. */
public abstract class AnalyticsContract extends AnalyticsTestSupport {

    @Autowired
    private MeterRegistry meters;

    @Test
    void summaryCountsProcessesByOutcomeAndTimesTheFinishedOnes() throws Exception {
        String namespace = uniqueNamespace();
        String done = createProcess(namespace, "build");
        String broken = createProcess(namespace, "build");
        createProcess(namespace, "build");
        accepted(done, "{\"type\":\"completed\"}");
        accepted(broken, "{\"type\":\"failed\",\"error\":\"disk full\"}");

        JsonNode summary = caughtUp("/api/v1/analytics/summary?namespace=" + namespace + "&" + range(), ADMIN_TOKEN);

        assertThat(summary.path("namespace").asText()).isEqualTo("default." + namespace);
        assertThat(summary.path("started").asLong()).isEqualTo(3);
        assertThat(summary.path("completed").asLong()).isEqualTo(1);
        assertThat(summary.path("failed").asLong()).isEqualTo(1);
        assertThat(summary.path("running").asLong()).isEqualTo(1);
        assertThat(summary.path("success_rate").asDouble()).isEqualTo(0.5);
        JsonNode duration = summary.path("duration_ms");
        assertThat(duration.path("count").asLong()).isEqualTo(2);
        long longest = Math.max(durationOf(done), durationOf(broken));
        assertThat(duration.path("max").asLong()).isEqualTo(longest);
        assertThat(duration.path("p99").asLong()).isBetween(duration.path("p50").asLong(), (long) (longest * 1.01));
        JsonNode prefixed = api.get(
                        "/api/v1/analytics/summary?namespace=default." + namespace + "&" + range(), ADMIN_TOKEN)
                .json();
        assertThat(prefixed.path("started").asLong()).isEqualTo(3);
        assertThat(prefixed.path("as_of").path("position").asLong()).isPositive();
        assertThat(prefixed.path("as_of").path("at").asText()).isNotEmpty();
    }

    private long durationOf(String processId) {
        JsonNode process = process(processId);
        return Instant.parse(process.path("completed_at").asText()).toEpochMilli()
                - Instant.parse(process.path("started_at").asText()).toEpochMilli();
    }

    @Test
    void stepsCountRunsAttemptsAndEveryOutcome() throws Exception {
        String namespace = uniqueNamespace();
        String first = createProcess(namespace, "build", "test", "ship");
        accepted(first, "{\"type\":\"step_started\",\"step\":\"build\"}");
        accepted(first, "{\"type\":\"step_failed\",\"step\":\"build\",\"error\":\"flaky\"}");
        accepted(first, "{\"type\":\"step_started\",\"step\":\"build\"}");
        accepted(first, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(first, "{\"type\":\"step_started\",\"step\":\"test\"}");
        accepted(first, "{\"type\":\"failed\",\"error\":\"stopped\"}");
        String second = createProcess(namespace, "build", "test", "ship");
        accepted(second, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(second, "{\"type\":\"completed\"}");

        JsonNode steps = caughtUp("/api/v1/analytics/steps?namespace=" + namespace + "&" + range(), ADMIN_TOKEN)
                .path("steps");

        assertThat(steps.findValuesAsText("step")).containsExactly("build", "ship", "test");
        JsonNode build = steps.get(0);
        assertThat(build.path("runs").asLong()).isEqualTo(2);
        assertThat(build.path("attempts").asLong()).isEqualTo(3);
        assertThat(build.path("completed").asLong()).isEqualTo(2);
        assertThat(build.path("failed").asLong()).isEqualTo(1);
        assertThat(build.path("retry_rate").asDouble()).isEqualTo(0.5);
        assertThat(build.path("failure_rate").asDouble()).isEqualTo(1.0 / 3);
        assertThat(build.path("duration_ms").path("count").asLong()).isEqualTo(3);
        assertThat(build.path("human_wait_ms").isNull()).isTrue();
        JsonNode ship = steps.get(1);
        assertThat(ship.path("runs").asLong()).isZero();
        assertThat(ship.path("skipped").asLong()).isEqualTo(1);
        assertThat(ship.path("retry_rate").isNull()).isTrue();
        JsonNode test = steps.get(2);
        assertThat(test.path("cancelled").asLong()).isEqualTo(1);
        assertThat(test.path("skipped").asLong()).isEqualTo(1);
        assertThat(test.path("failure_rate").isNull()).isTrue();
        assertThat(test.path("duration_ms").path("count").asLong()).isZero();
    }

    @Test
    void approvalsCountThroughTheStepsTheyCompleteOrFail() throws Exception {
        String namespace = uniqueNamespace();
        String id = createProcess(namespace, "review", "sign-off");
        for (String step : List.of("review", "sign-off")) {
            Api.Response task = api.post(
                    "/api/v1/tasks",
                    ADMIN_TOKEN,
                    Map.of("title", "Approve " + step, "process_id", id, "process_step", step));
            assertThat(task.status()).as(task.raw().body()).isEqualTo(201);
            String decision = step.equals("review") ? "approve" : "reject";
            assertThat(api.post(
                                    "/api/v1/tasks/" + task.text("task_id") + "/complete",
                                    ADMIN_TOKEN,
                                    Map.of("decision", decision))
                            .status())
                    .isEqualTo(200);
        }

        JsonNode steps = caughtUp("/api/v1/analytics/steps?namespace=" + namespace + "&" + range(), ADMIN_TOKEN)
                .path("steps");

        assertThat(steps.findValuesAsText("step")).containsExactly("review", "sign-off");
        assertThat(steps.get(0).path("completed").asLong()).isEqualTo(1);
        assertThat(steps.get(1).path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void humanStepsReportTheWaitForAPerson() throws Exception {
        String namespace = uniqueNamespace();
        Map<String, Object> body = Map.of(
                "namespace",
                namespace,
                "name",
                "Approve",
                "steps",
                List.of(Map.of("key", "approve", "label", "Approve", "human", true)));
        String id = api.post("/api/v1/processes", ADMIN_TOKEN, body).text("process_id");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"approve\"}");
        Thread.sleep(30);
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"approve\"}");

        JsonNode approve = caughtUp("/api/v1/analytics/steps?namespace=" + namespace + "&" + range(), ADMIN_TOKEN)
                .path("steps")
                .get(0);

        assertThat(approve.path("human_wait_ms").path("count").asLong()).isEqualTo(1);
        assertThat(approve.path("human_wait_ms").path("max").asLong())
                .isGreaterThanOrEqualTo(30)
                .isEqualTo(approve.path("duration_ms").path("max").asLong());
    }

    @Test
    void timeseriesHasOnePointPerBucketOfTheRange() throws Exception {
        String namespace = uniqueNamespace();
        accepted(createProcess(namespace, "build"), "{\"type\":\"completed\"}");
        createProcess(namespace, "build");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

        JsonNode started = caughtUp(
                "/api/v1/analytics/timeseries?metric=started&bucket=hour&namespace=" + namespace + "&" + range(),
                ADMIN_TOKEN);
        JsonNode rate = api.get(
                        "/api/v1/analytics/timeseries?metric=success_rate&namespace=" + namespace + "&" + range(),
                        ADMIN_TOKEN)
                .json();

        assertThat(started.path("points")).hasSize(3);
        assertThat(started.path("points").findValuesAsText("at"))
                .containsExactly(
                        hour.minus(1, ChronoUnit.HOURS).toString(),
                        hour.toString(),
                        hour.plus(1, ChronoUnit.HOURS).toString());
        long total = 0;
        for (JsonNode point : started.path("points")) {
            total += point.path("value").asLong();
        }
        assertThat(total).isEqualTo(2);
        assertThat(rate.path("bucket").asText()).isEqualTo("day");
        assertThat(rate.path("points")).hasSize(1);
        assertThat(rate.path("points").get(0).path("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void deliveryReportsTheFourKeysOfASeries() throws Exception {
        String namespace = uniqueNamespace();
        accepted(createProcess(namespace, "deploy"), "{\"type\":\"completed\"}");
        accepted(createProcess(namespace, "deploy"), "{\"type\":\"failed\",\"error\":\"5xx\"}");
        accepted(createProcess(namespace, "deploy"), "{\"type\":\"failed\",\"error\":\"5xx\"}");
        accepted(createProcess(namespace, "deploy"), "{\"type\":\"completed\"}");

        JsonNode delivery = caughtUp("/api/v1/analytics/delivery?namespace=" + namespace + "&" + range(), ADMIN_TOKEN);

        assertThat(delivery.path("deployments").asLong()).isEqualTo(2);
        assertThat(delivery.path("failed").asLong()).isEqualTo(2);
        assertThat(delivery.path("deployment_frequency_per_day").asDouble()).isEqualTo(2 / (3 / 24.0));
        assertThat(delivery.path("change_failure_rate").asDouble()).isEqualTo(0.5);
        assertThat(delivery.path("lead_time_ms").path("count").asLong()).isEqualTo(2);
        assertThat(delivery.path("time_to_restore_ms").path("count").asLong())
                .as("two failures in a row are one incident, restored by the next completion")
                .isEqualTo(1);
    }

    @Test
    void csvGivesTheSameRows() throws Exception {
        String namespace = uniqueNamespace();
        String id = createProcess(namespace, "build", "ship");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"completed\"}");
        String query = "?namespace=" + namespace + "&" + range();
        JsonNode steps = caughtUp("/api/v1/analytics/steps" + query, ADMIN_TOKEN);

        Api.Response csv = api.send(api.request("/api/v1/analytics/steps" + query, ADMIN_TOKEN)
                .header("Accept", "text/csv")
                .GET()
                .build());

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.raw().body().split("\r\n");
        assertThat(lines).hasSize(1 + steps.path("steps").size());
        assertThat(lines[0])
                .startsWith("namespace,step,runs,attempts,completed,failed,timed_out,skipped,cancelled,"
                        + "retry_rate,failure_rate,duration_ms_count,duration_ms_p50")
                .endsWith(",as_of_position,as_of,lag_events");
        assertThat(lines[1]).startsWith("default." + namespace + ",build,1,1,1,0,0,0,0,0.0,0.0,1,");
        assertThat(lines[2]).startsWith("default." + namespace + ",ship,0,0,0,0,0,1,0,,,0,,,,,,");
        Api.Response summary = api.send(api.request("/api/v1/analytics/summary" + query, ADMIN_TOKEN)
                .header("Accept", "text/csv")
                .GET()
                .build());
        assertThat(summary.raw().body().split("\r\n")[1])
                .startsWith("default." + namespace + ",")
                .contains(",1,1,0,0,1.0,1,");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/timeseries?metric=p75                                         | metric",
                "/timeseries?bucket=day                                         | metric",
                "/timeseries?metric=started&bucket=week                         | bucket",
                "/timeseries?metric=started&bucket=hour&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z | bucket",
                "/summary?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z    | from",
                "/summary?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z    | to",
                "/steps?from=2026-01-01T00:30:00Z&to=2026-01-02T00:00:00Z      | from",
                "/delivery?to=yesterday                                         | to",
                "/delivery?namespace=bad..name                                  | namespace"
            })
    void badParametersAre400NamingThemAndChangeNothing(String request, String field) {
        String path = "/api/v1/analytics" + request.strip();
        long buckets = count("SELECT COUNT(*) FROM analytics_process_bucket");
        Api.Response response = refused(() -> api.get(path, ADMIN_TOKEN));
        assertInvalid(response, field);
        assertThat(response.json().path("details").get(0).path("message").asText())
                .contains(field);
        assertThat(count("SELECT COUNT(*) FROM analytics_process_bucket")).isEqualTo(buckets);
    }

    @Test
    void lagIsAPrometheusGaugeThatFallsToZero() throws Exception {
        accepted(createProcess(uniqueNamespace(), "build"), "{\"type\":\"completed\"}");
        caughtUp("/api/v1/analytics/summary", ADMIN_TOKEN);
        assertThat(lag()).isZero();
        long head = count("SELECT MAX(global_index) FROM domain_event_entry");
        byte[] token = jdbc.queryForObject(
                "SELECT token FROM token_entry WHERE processor_name = 'analytics' AND segment = 0", byte[].class);
        jdbc.update("UPDATE token_entry SET token = NULL WHERE processor_name = 'analytics' AND segment = 0");
        try {
            assertThat(lag())
                    .as("a segment that has counted nothing: every stored event is lag")
                    .isEqualTo(head + 1);
        } finally {
            jdbc.update("UPDATE token_entry SET token = ? WHERE processor_name = 'analytics' AND segment = 0", token);
        }
    }

    /** The gauge Prometheus scrapes as ledger_analytics_lag_events. */
    private double lag() {
        return meters.get("ledger.analytics.lag.events").gauge().value();
    }

    @Test
    void needsTheReadScope() {
        Api.Response token = api.post(
                "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "tasks only", "scopes", List.of("tasks:create")));
        assertProblem(
                api.get("/api/v1/analytics/summary", token.text("token")),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(api.get("/api/v1/analytics/summary", null), 401, "unauthorized", "Unauthorized");
    }
}
