package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/** Health, metrics and the OpenAPI document are served without a token; the API paths are documented. */
@H2Store
@AutoConfigureObservability
class OperationalEndpointsTest extends ApiTestSupport {

    @Test
    void healthAndProbesAreUp() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusExposesHttpMetrics() {
        api.get("/api/v1/processes", ADMIN_TOKEN);

        String metrics = api.send(api.request("/actuator/prometheus", null).GET().build()).raw().body();

        assertThat(metrics).contains("http_server_requests_seconds_count", "ledger_live_lag",
                "ledger_live_connections", "ledger_command_retries_total", "ledger_deadlines_handled_total");
    }

    @Test
    void theOpenApiDocumentDescribesTheProcessesApi() {
        Api.Response document = api.get("/v3/api-docs", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.json().path("paths").fieldNames()).toIterable()
                .contains("/api/v1/processes", "/api/v1/processes/{processId}/update", "/api/v1/processes/{processId}",
                        "/api/v1/tokens", "/api/v1/organizations", "/api/v1/processes/{processId}/events",
                        "/api/v1/processes/{processId}/state", "/api/v1/processes/{processId}/verify",
                        "/api/v1/audit/export", "/api/v1/stream", "/api/v1/projections/{name}/rebuild");
        document.json().path("paths").forEach(path -> {
            if (path.has("post")) {
                assertThat(path.path("post").path("parameters").findValuesAsText("name"))
                        .as("parameters of %s", path.path("post").path("operationId")).contains("Idempotency-Key");
            }
        });
        assertThat(document.json().at("/paths/~1api~1v1~1tokens/post/responses/201/content").toString())
                .contains("CreatedToken");
    }

    @Test
    void theDocsUiIsServed() {
        Api.Response page = api.send(api.request("/swagger-ui/index.html", null).GET().build());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("swagger-ui");
        assertThat(api.send(api.request("/swagger-ui/swagger-initializer.js", null).GET().build()).raw().body())
                .contains("/v3/api-docs");
    }

    @Test
    void unknownApiPathsAre404ProblemsAndNeedAToken() {
        assertProblem(api.get("/api/v1/nothing-here", null), 401, "unauthorized", "Unauthorized");
        assertThat(api.get("/api/v1/nothing-here", ADMIN_TOKEN).status()).isEqualTo(404);
    }
}
