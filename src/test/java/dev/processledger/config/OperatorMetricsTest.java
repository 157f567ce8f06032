package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;

/**
 * What an operator sees: updates by type and outcome with their latency, refusals by problem, idempotent replays,
 * event-processor lag (Axon's metrics), and /actuator/info with the version and commit.
 */
@H2Store
@AutoConfigureMetrics
class OperatorMetricsTest extends ApiTestSupport {

    @Test
    void updatesRefusalsAndReplaysAreCounted() {
        String id = createProcess(uniqueNamespace(), "build");
        double startedBefore =
                value("ledger_updates_seconds_count", "code=\"none\",outcome=\"accepted\",type=\"step_started\"");
        double refusedBefore = value(
                "ledger_updates_seconds_count",
                "code=\"illegal_transition\",outcome=\"refused\",type=\"step_started\"");
        double problemsBefore = value("ledger_problems_total", "problem=\"illegal-transition\",status=\"409\"");
        double replaysBefore = value("ledger_idempotent_replays_total", "");

        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        assertThat(update(id, "{\"type\":\"step_started\",\"step\":\"build\"}").status())
                .isEqualTo(409);
        for (int i = 0; i < 2; i++) {
            assertThat(api.send(api.request("/api/v1/processes/" + id + "/update", ADMIN_TOKEN)
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", "metrics-" + id)
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                            "{\"type\":\"progress\",\"step\":\"build\"}"))
                                    .build())
                            .status())
                    .isEqualTo(200);
        }

        assertThat(value("ledger_updates_seconds_count", "code=\"none\",outcome=\"accepted\",type=\"step_started\""))
                .isEqualTo(startedBefore + 1);
        assertThat(value(
                        "ledger_updates_seconds_count",
                        "code=\"illegal_transition\",outcome=\"refused\",type=\"step_started\""))
                .isEqualTo(refusedBefore + 1);
        assertThat(value("ledger_problems_total", "problem=\"illegal-transition\",status=\"409\""))
                .isGreaterThanOrEqualTo(problemsBefore + 1);
        assertThat(value("ledger_idempotent_replays_total", "")).isEqualTo(replaysBefore + 1);
        assertThat(prometheus())
                .as("a latency histogram to take percentiles from")
                .contains("ledger_updates_seconds_bucket{code=\"none\",outcome=\"accepted\",type=\"step_started\",le=")
                .contains(
                        "eventProcessor_latency{processorName=\"process-view\"}",
                        "eventProcessor_latency{processorName=\"audit-chain\"}",
                        "ledger_rate_limited_total",
                        "ledger_live_lag",
                        "ledger_command_retries_total");
    }

    /** Spring Security's per-filter observations are off (docs/performance.md); the HTTP server metrics stay. */
    @Test
    void requestsAreTimedWithoutSpringSecurityObservations() {
        createProcess(uniqueNamespace(), "build");

        assertThat(prometheus())
                .contains("http_server_requests_seconds_count{")
                .doesNotContain("spring_security_filterchains")
                .doesNotContain("spring_security_authentications")
                .doesNotContain("spring_security_authorizations");
    }

    @Test
    void infoNamesTheVersionAndTheCommit() {
        Api.Response info = api.get("/actuator/info", null);

        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("build").path("version").asText()).isNotBlank();
        assertThat(info.json().path("git").path("commit").path("id").asText()).matches("[0-9a-f]{7,40}");
    }

    @Test
    void everyMetricTheDashboardQueriesIsPublished() throws Exception {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        api.get("/api/v1/processes", ADMIN_TOKEN);
        assertThat(api.get("/api/v1/processes/" + java.util.UUID.randomUUID(), ADMIN_TOKEN)
                        .status())
                .isEqualTo(404);
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.nio.file.Path.of("docs/grafana/process-ledger.json")
                        .toFile());
        java.util.Set<String> queried = new java.util.TreeSet<>();
        Pattern metric = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\{");
        for (String expr : dashboard.findValuesAsText("expr")) {
            Matcher matcher = metric.matcher(expr);
            while (matcher.find()) {
                queried.add(matcher.group(1));
            }
        }
        String published = prometheus();

        assertThat(queried).as("metrics the panels query").hasSizeGreaterThan(10);
        assertThat(queried)
                .allSatisfy(name -> assertThat(published)
                        .as("published: %s", name)
                        .containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]"));
    }

    private String prometheus() {
        return api.send(api.request("/actuator/prometheus", null).GET().build())
                .raw()
                .body();
    }

    /** The value of one series (labels as Prometheus prints them, sorted), 0 when it is not there yet. */
    private double value(String name, String labels) {
        Pattern series = Pattern.compile(
                "^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}")) + " (\\S+)$",
                Pattern.MULTILINE);
        Matcher matcher = series.matcher(prometheus());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
