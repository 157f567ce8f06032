package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A workload with tokens and secret data, good and bad requests alike, leaves neither in the log. */
@H2Store
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest extends ApiTestSupport {

    private static final String SECRET = "s3cr3t-payload-7f1d";

    @Test
    void tokensAndDataNeverReachTheLog(CapturedOutput log) {
        var created = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of("name", "ci", "scopes", List.of("processes:write", "processes:read")));
        String token = created.text("token");
        String id = api.post("/api/v1/processes", token, processBody(uniqueNamespace(), "build"))
                .text("process_id");
        api.post(
                "/api/v1/processes/" + id + "/update",
                token,
                "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"password\":\"" + SECRET + "\"}}");
        api.post(
                "/api/v1/processes/" + id + "/update",
                token,
                "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"" + SECRET + "\"}");
        api.post("/api/v1/processes/" + id + "/update", token, "{\"type\":\"progress\",\"data\":\"" + SECRET);
        api.post("/api/v1/processes/" + id + "/update", token, "{\"type\":\"x" + SECRET + "\"}");
        api.post("/api/v1/processes", token, "{\"namespace\":\"" + SECRET + "\",\"name\":" + SECRET + "}");
        String forged = TokenSecrets.generate();
        api.get("/api/v1/processes", forged);
        api.get("/api/v1/processes/" + id + "/events", token);
        api.get("/api/v1/audit/export", token);
        Api.Response org = createOrganization("org-" + id);
        Api.Response retry = createOrganization("org-" + id); // takes the Idempotency-Key replay path
        String orgAdmin = org.text("admin_token");
        assertThat(retry.status()).isEqualTo(409);

        assertThat(log.getAll())
                .as("the capture works: token creation is logged by id")
                .contains(created.text("token_id"));
        assertThat(orgAdmin).startsWith("htk_");
        assertThat(log.getAll()).doesNotContain(token, ADMIN_TOKEN, forged, SECRET, orgAdmin);
    }

    private Api.Response createOrganization(String idempotencyKey) {
        return api.send(api.request("/api/v1/organizations", ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Logged\"}"))
                .build());
    }
}
