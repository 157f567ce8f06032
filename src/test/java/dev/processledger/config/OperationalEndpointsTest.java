package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.util.ClassUtils;

/**
 * Health, metrics, the contract and its docs UI are served without a token; the served contract is
 * docs/openapi.yaml with the build's version.
 */
@H2Store
@AutoConfigureMetrics
class OperationalEndpointsTest extends ApiTestSupport {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Autowired
    private BuildProperties build;

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

        String metrics = api.send(
                        api.request("/actuator/prometheus", null).GET().build())
                .raw()
                .body();

        assertThat(metrics)
                .contains(
                        "http_server_requests_seconds_count",
                        "ledger_live_lag",
                        "ledger_live_connections",
                        "ledger_command_retries_total",
                        "ledger_deadlines_handled_total");
    }

    @Test
    void theServedDocumentIsDocsOpenapiYamlWithTheBuildsVersion() throws IOException {
        Api.Response json = api.get("/v3/api-docs", null);
        Api.Response yaml =
                api.send(api.request("/v3/api-docs.yaml", null).GET().build());

        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        ObjectNode servedJson = (ObjectNode) json.json();
        ObjectNode servedYaml = (ObjectNode) YAML.readTree(yaml.raw().body());
        ObjectNode file =
                (ObjectNode) YAML.readTree(Path.of("docs/openapi.yaml").toFile());
        assertThat(servedJson.at("/info/version").asText())
                .isEqualTo(build.getVersion())
                .isNotBlank();
        assertThat(servedYaml.at("/info/version").asText()).isEqualTo(build.getVersion());
        for (ObjectNode document : List.of(servedJson, servedYaml, file)) {
            ((ObjectNode) document.get("info")).remove("version");
        }
        assertThat(servedJson).as("/v3/api-docs is docs/openapi.yaml").isEqualTo(file);
        assertThat(servedYaml).as("/v3/api-docs.yaml is docs/openapi.yaml").isEqualTo(file);
        assertThat(file.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(ClassUtils.isPresent("org.springdoc.core.configuration.SpringDocConfiguration", null))
                .as("no document is generated from the code")
                .isFalse();
    }

    @Test
    void theDocsUiShowsTheServedDocumentWithBearerAuthorization() {
        Api.Response redirect = api.get("/swagger-ui.html", null);
        Api.Response page =
                api.send(api.request("/swagger-ui/index.html", null).GET().build());

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.raw().headers().firstValue("Location").orElseThrow())
                .endsWith("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("swagger-ui");
        assertThat(api.send(api.request("/swagger-ui/swagger-initializer.js", null)
                                .GET()
                                .build())
                        .raw()
                        .body())
                .contains("url: \"../v3/api-docs\"")
                .doesNotContain("petstore");
        assertThat(api.send(api.request("/swagger-ui/swagger-ui-bundle.js", null)
                                .GET()
                                .build())
                        .status())
                .isEqualTo(200);
        // the Authorize button is Swagger UI's answer to a security scheme
        JsonNode scheme = api.get("/v3/api-docs", null).json().at("/components/securitySchemes/bearerToken");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void unknownApiPathsAre404ProblemsAndNeedAToken() {
        assertProblem(api.get("/api/v1/nothing-here", null), 401, "unauthorized", "Unauthorized");
        assertThat(api.get("/api/v1/nothing-here", ADMIN_TOKEN).status()).isEqualTo(404);
    }
}
