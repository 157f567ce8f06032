package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency-Key over HTTP: safe retries, reuse with another body, in-flight retries, organisation scope. */
public abstract class IdempotencyContract extends ApiTestSupport {

    private Api.Response post(String path, String token, String key, String body) {
        return api.send(api.request(path, token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheStoredResponseAndAppendsNothing() {
        String id = createProcess(uniqueNamespace(), "build");
        String key = key();
        String path = "/api/v1/processes/" + id + "/update";

        Api.Response first = post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"build\"}");
        long events = eventCount(id);
        Api.Response retry = post(path, ADMIN_TOKEN, key, "{ \"step\": \"build\", \"type\": \"step_started\" }");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(eventCount(id)).isEqualTo(events);
    }

    @Test
    void aCreateRetriedWithItsKeyIsCreatedOnce() {
        String key = key();
        String body = "{\"namespace\":\"" + uniqueNamespace() + "\",\"name\":\"n\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}";

        Api.Response first = post("/api/v1/processes", ADMIN_TOKEN, key, body);
        Api.Response retry = post("/api/v1/processes", ADMIN_TOKEN, key, body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.text("process_id")).as("no second process").isEqualTo(first.text("process_id"));
        assertThat(retry.json()).isEqualTo(first.json());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndAppendsNothing() {
        String id = createProcess(uniqueNamespace(), "build", "test");
        String key = key();
        String path = "/api/v1/processes/" + id + "/update";
        post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"build\"}");

        Api.Response reused = refused(() -> post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"test\"}"));

        assertProblem(reused, 422, "idempotency-key-reused", "Idempotency-Key was used with a different request");
    }

    @Test
    void aRetryWhileTheFirstIsInFlightIs409() {
        String id = createProcess(uniqueNamespace(), "build");
        String key = key();
        String body = "{\"type\":\"step_started\",\"step\":\"build\"}";
        // the first request with this key is still running (its claim is a few seconds old)
        jdbc.update("INSERT INTO idempotency_key (org_id, idem_key, request_hash, state, created_at) VALUES"
                + " ('default', ?, ?, 'in_flight', ?)", key, "0".repeat(64), OffsetDateTime.now().minusSeconds(5));

        Api.Response inFlight = refused(() -> post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN, key, body));

        assertProblem(inFlight, 409, "idempotency-key-in-flight", null);
        jdbc.update("UPDATE idempotency_key SET created_at = ? WHERE idem_key = ?",
                OffsetDateTime.now().minusMinutes(2), key);
        assertThat(post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN, key, body).status())
                .as("a claim left by a stopped instance is taken over").isEqualTo(200);
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        String id = createProcess(uniqueNamespace(), "build");
        String key = key();
        String body = "{\"type\":\"progress\",\"step\":\"build\",\"percent\":5}";
        String path = "/api/v1/processes/" + id + "/update";

        assertThat(post(path, ADMIN_TOKEN, key, body).status()).isEqualTo(409);
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");

        assertThat(post(path, ADMIN_TOKEN, key, body).status()).isEqualTo(200);
    }

    @Test
    void keysBelongToAnOrganisation() {
        String key = key();
        String other = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Other")).text("admin_token");
        String body = "{\"namespace\":\"shared\",\"name\":\"n\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}";

        Api.Response mine = post("/api/v1/processes", ADMIN_TOKEN, key, body);
        Api.Response theirs = post("/api/v1/processes", other, key, body);

        assertThat(mine.status()).isEqualTo(201);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.text("process_id")).isNotEqualTo(mine.text("process_id"));
    }

    @Test
    void aKeyLongerThan255CharactersIs400() {
        String id = createProcess(uniqueNamespace(), "build");

        Api.Response response = refused(() -> post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN,
                "k".repeat(256), "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertInvalid(response, "Idempotency-Key");
        assertThat(List.of(response.status())).containsExactly(400);
    }
}
