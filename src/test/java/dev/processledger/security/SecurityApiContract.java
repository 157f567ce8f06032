package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Tokens, scopes and organizations end to end: every 401 message, 403, cross-organization 404. */
public abstract class SecurityApiContract extends ApiTestSupport {

    @Autowired
    private CredentialService credentials;

    @Test
    void noHeaderIs401UnauthorizedWithABearerChallenge() {
        Api.Response response = api.get("/api/v1/processes", null);

        assertProblem(response, 401, "unauthorized", "Unauthorized");
        assertThat(response.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"process-ledger\"");
    }

    @Test
    void aBadTokenIs401WithAnInvalidTokenChallenge() {
        Api.Response response = api.get("/api/v1/processes", TokenSecrets.generate());

        assertThat(response.raw().headers().firstValue("WWW-Authenticate"))
                .hasValue(
                        "Bearer realm=\"process-ledger\", error=\"invalid_token\", error_description=\"Invalid token\"");
    }

    @Test
    void malformedAndUnknownTokensAre401InvalidToken() {
        for (String header : List.of(
                "htk_123", "Basic dXNlcjpwYXNz", TokenSecrets.generate().toUpperCase(), TokenSecrets.generate())) {
            Api.Response response = api.send(api.request("/api/v1/processes", null)
                    .header("Authorization", header.startsWith("Basic") ? header : "Bearer " + header)
                    .GET()
                    .build());
            assertProblem(response, 401, "unauthorized", "Invalid token");
        }
    }

    @Test
    void revokedTokenIs401TokenRevoked() {
        JsonNode created = createToken("ci", List.of("processes:read"));
        String token = created.path("token").asText();
        assertThat(api.get("/api/v1/processes", token).status()).isEqualTo(200);

        Api.Response revoked =
                api.delete("/api/v1/tokens/" + created.path("token_id").asText(), ADMIN_TOKEN);

        assertThat(revoked.status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/processes", token), 401, "unauthorized", "Token revoked");
    }

    @Test
    void expiredTokenIs401TokenExpired() {
        String token = credentials
                .issueToken(
                        "default",
                        "old",
                        Set.of(Scope.PROCESSES_READ),
                        Instant.now().minusSeconds(1))
                .plaintext();

        assertProblem(api.get("/api/v1/processes", token), 401, "unauthorized", "Token expired");
    }

    @Test
    void missingScopeIs403AndAppendsNothing() {
        String reader =
                createToken("reader", List.of("processes:read")).path("token").asText();
        String id = createProcess(uniqueNamespace(), "build");

        assertProblem(
                refused(() -> api.post("/api/v1/processes/" + id + "/update", reader, "{\"type\":\"completed\"}")),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(
                refused(() -> api.post("/api/v1/processes", reader, processBody("x", "a"))),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(api.get("/api/v1/tokens", reader), 403, "forbidden", "Insufficient permissions");
        assertProblem(
                api.post("/api/v1/organizations", reader, Map.of("name", "x")),
                403,
                "forbidden",
                "Insufficient permissions");
    }

    @Test
    void processesWriteMayAlsoRead() {
        String writer =
                createToken("writer", List.of("processes:write")).path("token").asText();
        Api.Response created = api.post("/api/v1/processes", writer, processBody(uniqueNamespace(), "a"));

        assertThat(api.get("/api/v1/processes/" + created.text("process_id"), writer)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/processes", writer).status()).isEqualTo(200);
    }

    @Test
    void tasksCreateMayWriteButNotRead() {
        String tasks =
                createToken("tasks", List.of("tasks:create")).path("token").asText();

        Api.Response created = api.post("/api/v1/processes", tasks, processBody(uniqueNamespace(), "a"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(api.post(
                                "/api/v1/processes/" + created.text("process_id") + "/update",
                                tasks,
                                "{\"type\":\"step_started\",\"step\":\"a\"}")
                        .status())
                .isEqualTo(200);
        assertProblem(api.get("/api/v1/processes", tasks), 403, "forbidden", "Insufficient permissions");
    }

    @Test
    void aNewOrganizationGetsAnAdminTokenWithoutSystemScope() {
        Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Acme"));
        String orgId = org.text("org_id");
        String admin = org.text("admin_token");

        assertThat(org.status()).isEqualTo(201);
        assertThat(TokenSecrets.wellFormed(admin)).isTrue();
        Api.Response created = api.post("/api/v1/processes", admin, processBody("deployments", "a"));
        assertThat(created.text("namespace")).isEqualTo(orgId + ".deployments");
        JsonNode tokens = api.get("/api/v1/tokens", admin).json().path("tokens");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).path("scopes").toString())
                .contains("admin", "processes:read", "processes:write")
                .doesNotContain("system");
        assertProblem(
                api.post("/api/v1/organizations", admin, Map.of("name", "x")),
                403,
                "forbidden",
                "Insufficient permissions");
        assertInvalid(api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "")), "name");
        assertThat(api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "n".repeat(200)))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void tokensAreListedWithoutSecretsAndCreatedOnlyWithHeldScopes() {
        JsonNode created = createToken("deployer", List.of("processes:write"));
        String plaintext = created.path("token").asText();

        Api.Response list = api.get("/api/v1/tokens?limit=200", ADMIN_TOKEN);

        assertThat(list.raw().body()).doesNotContain(plaintext).doesNotContain(ADMIN_TOKEN);
        JsonNode listed = findToken(list.json(), created.path("token_id").asText());
        assertThat(listed.path("prefix").asText()).isEqualTo(plaintext.substring(0, 8));
        assertThat(listed.path("name").asText()).isEqualTo("deployer");
        assertThat(listed.has("token")).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM api_token WHERE token_hash = ?",
                        Long.class,
                        TokenSecrets.hash(plaintext)))
                .isEqualTo(1);

        String organizationAdmin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Beta"))
                .text("admin_token");
        assertInvalid(
                api.post("/api/v1/tokens", organizationAdmin, Map.of("name", "escalate", "scopes", List.of("system"))),
                "scopes");
        assertInvalid(
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "x", "scopes", List.of("root"))), "scopes");
        assertInvalid(api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "x", "scopes", List.of())), "scopes");
        assertInvalid(
                api.post(
                        "/api/v1/tokens",
                        ADMIN_TOKEN,
                        Map.of("name", "x", "scopes", List.of("admin"), "expires_at", "2001-01-01T00:00:00Z")),
                "expires_at");
        assertInvalid(
                api.post(
                        "/api/v1/tokens",
                        ADMIN_TOKEN,
                        Map.of("name", "x", "scopes", List.of("admin"), "expires_at", "next week")),
                "expires_at");
        assertInvalid(
                api.post(
                        "/api/v1/tokens",
                        ADMIN_TOKEN,
                        Map.of("name", "x", "scopes", List.of("admin"), "expires_at", "+300000-01-01T00:00:00Z")),
                "expires_at");
    }

    @Test
    void revokingAnUnknownOrForeignTokenIs404() {
        String foreignAdmin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Gamma"))
                .text("admin_token");
        String mine =
                createToken("mine", List.of("processes:read")).path("token_id").asText();

        assertProblem(api.delete("/api/v1/tokens/" + mine, foreignAdmin), 404, "not-found", "Token not found");
        assertProblem(
                api.delete("/api/v1/tokens/" + java.util.UUID.randomUUID(), ADMIN_TOKEN),
                404,
                "not-found",
                "Token not found");
    }

    @Test
    void tokensArePagedLikeTheProcessList() {
        String admin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Paged"))
                .text("admin_token");
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/api/v1/tokens", admin, Map.of("name", "t" + i, "scopes", List.of("processes:read")))
                            .status())
                    .isEqualTo(201);
        }

        JsonNode first = api.get("/api/v1/tokens?limit=2", admin).json();
        JsonNode last = api.get("/api/v1/tokens?limit=2&offset=4", admin).json();

        assertThat(first.path("tokens")).hasSize(2);
        assertThat(first.path("tokens").get(0).path("name").asText()).isEqualTo("admin");
        assertThat(first.path("total").asLong()).isEqualTo(5);
        assertThat(first.path("limit").asInt()).isEqualTo(2);
        assertThat(first.path("offset").asInt()).isZero();
        assertThat(last.path("tokens").findValuesAsText("name")).containsExactly("t3");
        assertThat(api.get("/api/v1/tokens", admin).json().path("limit").asInt())
                .as("default page")
                .isEqualTo(50);
        assertInvalid(api.get("/api/v1/tokens?limit=0", admin), "limit");
        assertInvalid(api.get("/api/v1/tokens?limit=201", admin), "limit");
        assertInvalid(api.get("/api/v1/tokens?offset=-1", admin), "offset");
    }

    @Test
    void anOrganizationsLastWorkingAdminTokenCannotBeRevoked() {
        Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Careful"));
        String admin = org.text("admin_token");
        String adminId = api.get("/api/v1/tokens", admin)
                .json()
                .path("tokens")
                .get(0)
                .path("token_id")
                .asText();

        Api.Response refused = api.delete("/api/v1/tokens/" + adminId, admin);

        assertProblem(refused, 409, "last-admin-token", null);
        assertThat(refused.text("code")).isEqualTo("last_admin_token");
        assertThat(api.get("/api/v1/tokens", admin).status()).as("still works").isEqualTo(200);
        Api.Response second =
                api.post("/api/v1/tokens", admin, Map.of("name", "second admin", "scopes", List.of("admin")));
        assertThat(api.delete("/api/v1/tokens/" + adminId, second.text("token")).status())
                .isEqualTo(204);
        Api.Response last = api.delete("/api/v1/tokens/" + second.text("token_id"), second.text("token"));
        assertThat(last.status()).isEqualTo(409);
        assertThat(last.text("code")).isEqualTo("last_admin_token");
    }

    @Test
    void theLastWorkingSystemTokenCannotBeRevoked() {
        String otherAdmin =
                createToken("another admin", List.of("admin")).path("token").asText();
        String bootstrapId = jdbc.queryForObject(
                "SELECT token_id FROM api_token WHERE token_hash = ?", String.class, TokenSecrets.hash(ADMIN_TOKEN));

        Api.Response refused = api.delete("/api/v1/tokens/" + bootstrapId, otherAdmin);

        assertProblem(refused, 409, "last-system-token", null);
        assertThat(refused.text("code")).isEqualTo("last_system_token");
        assertThat(api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Still possible"))
                        .status())
                .isEqualTo(201);
    }

    private JsonNode createToken(String name, List<String> scopes) {
        Api.Response response = api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", name, "scopes", scopes));
        assertThat(response.status()).as("create token: %s", response.json()).isEqualTo(201);
        assertThat(TokenSecrets.wellFormed(response.text("token"))).isTrue();
        return response.json();
    }

    private static JsonNode findToken(JsonNode list, String tokenId) {
        for (JsonNode token : list.path("tokens")) {
            if (token.path("token_id").asText().equals(tokenId)) {
                return token;
            }
        }
        throw new AssertionError("token " + tokenId + " not listed");
    }
}
