package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processledger.http.ProblemException;
import dev.processledger.idempotency.IdempotencyKeys;
import dev.processledger.platform.DbTime;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * Idempotency-Key over HTTP: safe retries, reuse with another body, in-flight retries, organization scope; and
 * the key store itself: what frees a key, and a slow request whose key a retry took over.
 */
public abstract class IdempotencyContract extends ApiTestSupport {

    @Autowired
    private IdempotencyKeys keys;

    private Api.Response post(String path, String token, String key, String body) {
        return api.send(api.request(path, token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
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
        String body = "{\"namespace\":\"" + uniqueNamespace()
                + "\",\"name\":\"n\",\"steps\":[{\"key\":\"a\",\"label\":\"A\"}]}";

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

        Api.Response reused =
                refused(() -> post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"test\"}"));

        assertProblem(reused, 422, "idempotency-key-reused", "Idempotency-Key was used with a different request");
        assertThat(reused.text("code")).isEqualTo("idempotency_key_reused");
    }

    @Test
    void aRetryWhileTheFirstIsInFlightIs409() {
        String id = createProcess(uniqueNamespace(), "build");
        String key = key();
        String body = "{\"type\":\"step_started\",\"step\":\"build\"}";
        // the first request with this key is still running (its claim is a few seconds old)
        jdbc.update(
                "INSERT INTO idempotency_key (org_id, idem_key, request_hash, state, created_at) VALUES"
                        + " ('default', ?, ?, 'in_flight', ?)",
                key,
                "0".repeat(64),
                OffsetDateTime.now().minusSeconds(5));

        Api.Response inFlight = refused(() -> post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN, key, body));

        assertProblem(inFlight, 409, "idempotency-key-in-flight", null);
        assertThat(inFlight.text("code")).isEqualTo("idempotency_key_in_flight");
        jdbc.update(
                "UPDATE idempotency_key SET created_at = ? WHERE idem_key = ?",
                OffsetDateTime.now().minusMinutes(2),
                key);
        assertThat(post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN, key, body)
                        .status())
                .as("a claim left by a stopped instance is taken over")
                .isEqualTo(200);
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
    void keysBelongToAnOrganization() {
        String key = key();
        String other = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Other"))
                .text("admin_token");
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

        Api.Response response = refused(() -> post(
                "/api/v1/processes/" + id + "/update",
                ADMIN_TOKEN,
                "k".repeat(256),
                "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertInvalid(response, "Idempotency-Key");
        assertThat(List.of(response.status())).containsExactly(400);
    }

    @Test
    void bodiesThatDifferOnlyOutsideAsciiAreDifferentRequests() {
        String id = createProcess(uniqueNamespace(), "build");
        String key = key();
        String path = "/api/v1/processes/" + id + "/update";
        assertThat(post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"\u00e9\"}")
                        .status())
                .isEqualTo(200);

        Api.Response other = refused(() ->
                post(path, ADMIN_TOKEN, key, "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"\u00e8\"}"));

        assertProblem(other, 422, "idempotency-key-reused", "Idempotency-Key was used with a different request");
    }

    @Test
    void aTokenCreateRetriedWithItsKeyCreatesOneTokenAndNeverRepeatsTheSecret() {
        String key = key();
        String body = "{\"name\":\"deploy-bot " + key + "\",\"scopes\":[\"processes:write\"]}";

        Api.Response first = post("/api/v1/tokens", ADMIN_TOKEN, key, body);
        Api.Response retry = post("/api/v1/tokens", ADMIN_TOKEN, key, body);
        Api.Response reused = post("/api/v1/tokens", ADMIN_TOKEN, key, body.replace("write", "read"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("token")).startsWith("htk_");
        assertProblem(retry, 409, "already-created", null);
        assertThat(retry.text("code")).isEqualTo("already_created");
        assertThat(retry.text("token_id")).isEqualTo(first.text("token_id"));
        assertThat(retry.raw().body()).doesNotContain(first.text("token"));
        assertProblem(reused, 422, "idempotency-key-reused", "Idempotency-Key was used with a different request");
        assertThat(tokensNamed("deploy-bot " + key)).as("tokens created").isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT response_body FROM idempotency_key WHERE idem_key = ?", String.class, key))
                .as("the stored replay")
                .singleElement()
                .asString()
                .doesNotContain(first.text("token"));
    }

    @Test
    void anOrganizationCreateRetriedWithItsKeyCreatesOneOrganization() {
        String key = key();
        String name = "Org " + key;

        Api.Response first = post("/api/v1/organizations", ADMIN_TOKEN, key, "{\"name\":\"" + name + "\"}");
        Api.Response retry = post("/api/v1/organizations", ADMIN_TOKEN, key, "{\"name\":\"" + name + "\"}");

        assertThat(first.status()).isEqualTo(201);
        assertProblem(retry, 409, "already-created", null);
        assertThat(retry.text("code")).isEqualTo("already_created");
        assertThat(retry.text("org_id")).isEqualTo(first.text("org_id"));
        assertThat(retry.raw().body()).doesNotContain(first.text("admin_token"));
        assertThat(count("SELECT COUNT(*) FROM organization WHERE name = ?", name))
                .isEqualTo(1);
    }

    @Test
    void aRebuildRetriedWithItsKeyStartsOneRebuild() throws Exception {
        Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Rebuilt"));
        String admin = org.text("admin_token");
        String key = key();

        Api.Response first = post("/api/v1/projections/process-view/rebuild", admin, key, "{}");
        Thread.sleep(50);
        Api.Response retry = post("/api/v1/projections/process-view/rebuild", admin, key, "{}");

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(api.get("/api/v1/projections/process-view", admin).json().path("started_at"))
                .as("the rebuild running or done is the first one")
                .isEqualTo(first.json().path("started_at"));
    }

    private long tokensNamed(String name) {
        return count("SELECT COUNT(*) FROM api_token WHERE name = ?", name);
    }

    @Test
    void aTokenCreateRetriedAfterItsExpiryPassedStillGetsItsReplay() throws InterruptedException {
        String key = key();
        String body = "{\"name\":\"short-lived\",\"scopes\":[\"processes:read\"],\"expires_at\":\""
                + Instant.now().plusSeconds(1) + "\"}";
        Api.Response first = post("/api/v1/tokens", ADMIN_TOKEN, key, body);
        Thread.sleep(1_500);

        Api.Response retry = post("/api/v1/tokens", ADMIN_TOKEN, key, body);

        assertThat(first.status()).isEqualTo(201);
        assertProblem(retry, 409, "already-created", null);
        assertThat(retry.text("code")).isEqualTo("already_created");
        assertThat(retry.text("token_id")).isEqualTo(first.text("token_id"));
    }

    @Test
    void aRefusedTokenCreateFreesItsKey() {
        String key = key();

        Api.Response invalid =
                post("/api/v1/tokens", ADMIN_TOKEN, key, "{\"name\":\"\",\"scopes\":[\"processes:read\"]}");
        Api.Response valid =
                post("/api/v1/tokens", ADMIN_TOKEN, key, "{\"name\":\"n\",\"scopes\":[\"processes:read\"]}");

        assertInvalid(invalid, "name");
        assertThat(valid.status())
                .as("the key was free again: %s", valid.json())
                .isEqualTo(201);
    }

    @Test
    void anErrorResponseOrAFailureFreesTheKeyAndStoresNothing() {
        String key = key();

        ResponseEntity<?> refused = keys.once(
                "default",
                key,
                "POST /x",
                "same",
                () -> IdempotencyKeys.Outcome.of(ResponseEntity.status(409).body("busy")));
        assertThat(refused.getStatusCode().value()).isEqualTo(409);
        assertThat(keyRows(key)).as("a refusal is not stored").isZero();
        assertThatThrownBy(() -> keys.once("default", key, "POST /x", "same", () -> {
                    throw new IllegalStateException("failed");
                }))
                .hasMessage("failed");
        assertThat(keyRows(key)).as("a failure is not stored").isZero();

        ResponseEntity<?> done = keys.once(
                "default",
                key,
                "POST /x",
                "same",
                () -> IdempotencyKeys.Outcome.of(ResponseEntity.status(202).body(Map.of("n", 1))));
        ResponseEntity<?> replay = keys.once("default", key, "POST /x", "same", () -> {
            throw new AssertionError("a retry of a completed request runs nothing");
        });
        assertThat(done.getStatusCode().value()).isEqualTo(202);
        assertThat(replay.getStatusCode().value()).isEqualTo(202);
        assertThat(replay.getBody()).isEqualTo("{\"n\":1}");
    }

    @Test
    void aSlowRequestWhoseKeyARetryTookOverCannotCompleteOrReleaseIt() {
        String key = key();
        String hash = keys.fingerprint("POST /x", "same");
        // the first request claimed the key two minutes ago and is still running: to a retry it looks abandoned
        IdempotencyKeys.Claim slow = new IdempotencyKeys.Claim(
                "default", key, Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS));
        jdbc.update(
                "INSERT INTO idempotency_key (org_id, idem_key, request_hash, state, created_at) VALUES"
                        + " ('default', ?, ?, 'in_flight', ?)",
                key,
                hash,
                DbTime.toDb(slow.claimedAt()));

        IdempotencyKeys.Claimed retry = keys.claim("default", key, hash);

        assertThat(retry.replay()).isNull();
        assertThatThrownBy(() -> keys.complete(slow, 200, "{}")).isInstanceOf(ProblemException.class);
        keys.release(slow);
        assertThat(jdbc.queryForObject("SELECT state FROM idempotency_key WHERE idem_key = ?", String.class, key))
                .as("the retry's claim is untouched")
                .isEqualTo("in_flight");
        keys.complete(retry.claim(), 200, "{\"retry\":true}");
        assertThat(keys.claim("default", key, hash).replay().body()).isEqualTo("{\"retry\":true}");
    }

    private long keyRows(String key) {
        return count("SELECT COUNT(*) FROM idempotency_key WHERE idem_key = ?", key);
    }
}
