package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the API, called by another organization's admin on this organization's data: a process of
 * ours is indistinguishable from a missing one, lists and exports leave it out, and nothing of ours changes.
 * One case per endpoint; a new endpoint without a case here fails {@link #everyEndpointHasACase()}.
 */
public abstract class OrganizationIsolationContract extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @LocalServerPort
    private int port;

    /** Our organization: a process with some history, and a token of ours. */
    private String ours;

    private String ourOrg;
    private String ourAdmin;
    private String ourToken;
    private String ourTokenId;
    /** The other organization, with an admin token and a process of its own. */
    private String theirs;

    private String theirOrg;
    private String other;

    private String ourTask;

    @BeforeEach
    void twoOrganizations() {
        Api.Response us = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Us"));
        ourOrg = us.text("org_id");
        ourAdmin = us.text("admin_token");
        Api.Response them = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Them"));
        theirOrg = them.text("org_id");
        other = them.text("admin_token");

        Api.Response token = api.post(
                "/api/v1/tokens",
                ourAdmin,
                Map.of("name", "ours", "scopes", List.of("processes:read", "processes:write")));
        ourToken = token.text("token");
        ourTokenId = token.text("token_id");
        ours = api.post("/api/v1/processes", ourToken, processBody("shared-name", "build"))
                .text("process_id");
        assertThat(api.post(
                                "/api/v1/processes/" + ours + "/update",
                                ourToken,
                                "{\"type\":\"step_started\",\"step\":\"build\"}")
                        .status())
                .isEqualTo(200);
        theirs = api.post("/api/v1/processes", other, processBody("shared-name", "build"))
                .text("process_id");
        Api.Response task = api.post(
                "/api/v1/tasks",
                ourToken,
                Map.of("title", "Approve the build", "process_id", ours, "process_step", "build"));
        assertThat(task.status()).as(task.raw().body()).isEqualTo(201);
        ourTask = task.text("task_id");
    }

    private record Case(String endpoint, Executable check) {}

    private List<Case> cases() {
        String process = "/api/v1/processes/" + ours;
        return List.of(
                new Case("POST /api/v1/processes", this::createKeepsItsOwnOrganization),
                new Case(
                        "POST /api/v1/processes/{processId}/update",
                        () -> assertNotFound(refused(() -> api.post(
                                process + "/update", other, "{\"type\":\"step_completed\",\"step\":\"build\"}")))),
                new Case("GET /api/v1/processes/{processId}", () -> assertNotFound(api.get(process, other))),
                new Case("GET /api/v1/processes", this::listLeavesOursOut),
                new Case("GET /api/v1/processes/{processId}/events", this::eventsAreNotFoundInEitherFormat),
                new Case("GET /api/v1/processes/{processId}/state", () -> {
                    assertNotFound(api.get(process + "/state?sequence=0", other));
                    assertNotFound(api.get(process + "/state?at=" + Instant.now(), other));
                }),
                new Case(
                        "GET /api/v1/processes/{processId}/verify",
                        () -> assertNotFound(api.get(process + "/verify", other))),
                new Case(
                        "GET /api/v1/processes/{processId}/events/{sequence}/proof",
                        () -> assertProblem(
                                api.get(process + "/events/0/proof", other), 404, "not-found", "Event not found")),
                new Case("GET /api/v1/audit/export", this::exportLeavesOursOut),
                new Case("GET /api/v1/audit/digest", this::theirDigestCoversOnlyTheirEvents),
                new Case("GET /api/v1/audit/public-key", this::thePublicKeyTellsNothingOfOurs),
                new Case("GET /api/v1/stream", this::streamLeavesOursOut),
                new Case(
                        "POST /api/v1/tasks",
                        () -> assertNotFound(refused(() -> api.post(
                                "/api/v1/tasks",
                                other,
                                Map.of("title", "x", "process_id", ours, "process_step", "build"))))),
                new Case("GET /api/v1/tasks", this::taskListLeavesOursOut),
                new Case(
                        "GET /api/v1/tasks/{taskId}",
                        () -> assertTaskNotFound(api.get("/api/v1/tasks/" + ourTask, other))),
                new Case(
                        "GET /api/v1/tasks/{taskId}/wait",
                        () -> assertTaskNotFound(api.get("/api/v1/tasks/" + ourTask + "/wait?timeout=1", other))),
                new Case(
                        "POST /api/v1/tasks/{taskId}/cancel",
                        () -> assertTaskNotFound(
                                refused(() -> api.post("/api/v1/tasks/" + ourTask + "/cancel", other, "{}")))),
                new Case(
                        "POST /api/v1/tasks/{taskId}/complete",
                        () -> assertTaskNotFound(refused(() -> api.post(
                                "/api/v1/tasks/" + ourTask + "/complete", other, "{\"decision\":\"approve\"}")))),
                new Case("GET /api/v1/tokens", this::tokenListLeavesOursOut),
                new Case("POST /api/v1/tokens", this::aNewTokenReachesOnlyItsOrganization),
                new Case("DELETE /api/v1/tokens/{tokenId}", this::ourTokenCannotBeRevoked),
                new Case(
                        "POST /api/v1/organizations",
                        () -> assertProblem(
                                api.post("/api/v1/organizations", other, Map.of("name", "takeover")),
                                403,
                                "forbidden",
                                "Insufficient permissions")),
                new Case("GET /api/v1/projections", this::rebuildProgressIsPerOrganization),
                new Case("GET /api/v1/projections/{name}", this::rebuildProgressIsPerOrganization),
                new Case("POST /api/v1/projections/{name}/rebuild", this::aRebuildLeavesOurRowsAlone),
                new Case("GET /api/v1/analytics/summary", () -> analyticsLeaveOursOut("summary")),
                new Case("GET /api/v1/analytics/steps", () -> analyticsLeaveOursOut("steps")),
                new Case("GET /api/v1/analytics/timeseries", () -> analyticsLeaveOursOut("timeseries")),
                new Case("GET /api/v1/analytics/delivery", () -> analyticsLeaveOursOut("delivery")),
                new Case(
                        "POST /api/v1/analytics/replay",
                        () -> assertProblem(
                                api.post("/api/v1/analytics/replay", other, "{}"),
                                403,
                                "forbidden",
                                "Insufficient permissions")));
    }

    @TestFactory
    Stream<DynamicTest> anotherOrganizationCannotReachOurData() {
        return cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.endpoint(), () -> {
                    long ourEvents = eventCount(ours);
                    String before = ourProcess();
                    c.check().execute();
                    assertThat(eventCount(ours))
                            .as("events of ours after %s", c.endpoint())
                            .isEqualTo(ourEvents);
                    assertThat(ourProcess())
                            .as("our process after %s", c.endpoint())
                            .isEqualTo(before);
                }));
    }

    @Test
    void everyEndpointHasACase() {
        Set<String> served = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(method -> served.add(method + " " + pattern));
                }
            }
        }
        Set<String> covered = cases().stream().map(Case::endpoint).collect(Collectors.toCollection(TreeSet::new));
        assertThat(covered).as("an isolation case for every endpoint").isEqualTo(served);
    }

    private String ourProcess() {
        Api.Response response = api.get("/api/v1/processes/" + ours, ourToken);
        assertThat(response.status()).isEqualTo(200);
        return response.raw().body();
    }

    private void taskListLeavesOursOut() {
        String theirTask = api.post(
                        "/api/v1/tasks", other, Map.of("title", "x", "process_id", theirs, "process_step", "build"))
                .text("task_id");
        assertThat(api.get("/api/v1/tasks", other).json().path("tasks").findValuesAsText("task_id"))
                .containsExactly(theirTask);
    }

    private void assertTaskNotFound(Api.Response response) {
        assertProblem(response, 404, "not-found", "Task not found");
    }

    private void assertNotFound(Api.Response response) {
        assertProblem(response, 404, "not-found", "Process not found");
    }

    private void theirDigestCoversOnlyTheirEvents() {
        Api.Response digest = api.get("/api/v1/audit/digest", other);
        if (digest.status() == 404) {
            assertProblem(digest, 404, "not-found", "No events to digest yet");
            return;
        }
        assertThat(digest.status()).isEqualTo(200);
        assertThat(digest.text("org_id")).isEqualTo(theirOrg);
        assertThat(digest.json().path("size").asLong())
                .as("their digest's leaves")
                .isPositive()
                .isLessThanOrEqualTo(
                        jdbc.queryForObject("SELECT COUNT(*) FROM event_audit WHERE org_id = ?", Long.class, theirOrg));
    }

    private void thePublicKeyTellsNothingOfOurs() {
        Api.Response key = api.get("/api/v1/audit/public-key", other);
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.raw().body()).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain(ourOrg, ours);
    }

    private void createKeepsItsOwnOrganization() {
        // our process id and our very body: the id is taken, and nothing of ours is told or replayed
        Map<String, Object> ourBody = new java.util.HashMap<>(processBody("shared-name", "build"));
        ourBody.put("process_id", ours);
        Api.Response taken = refused(() -> api.post("/api/v1/processes", other, ourBody));
        assertProblem(taken, 409, "process-id-in-use", "process_id is already in use by another process");
        assertThat(taken.raw().body()).doesNotContain(ourOrg).doesNotContain("started_at");
        Api.Response created = api.post("/api/v1/processes", other, processBody("shared-name", "deploy"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("namespace")).isEqualTo(theirOrg + ".shared-name");
        assertThat(api.get("/api/v1/processes/" + created.text("process_id"), ourToken)
                        .status())
                .isEqualTo(404);
    }

    private void listLeavesOursOut() {
        Api.Response list = api.get("/api/v1/processes?namespace=shared-name", other);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("processes").findValuesAsText("process_id"))
                .contains(theirs)
                .doesNotContain(ours);
        assertThat(api.get("/api/v1/processes", other).raw().body()).doesNotContain(ours);
    }

    private void eventsAreNotFoundInEitherFormat() {
        assertNotFound(api.get("/api/v1/processes/" + ours + "/events", other));
        Api.Response ndjson = api.send(api.request("/api/v1/processes/" + ours + "/events", other)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build());
        assertThat(ndjson.status()).isEqualTo(404);
        assertThat(ndjson.raw().body()).doesNotContain("build");
    }

    private void exportLeavesOursOut() {
        Api.Response export = api.get("/api/v1/audit/export", other);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.raw().body()).contains(theirs).doesNotContain(ours);
    }

    private void streamLeavesOursOut() throws Exception {
        assertNotFound(api.get("/api/v1/stream?process_id=" + ours, other));
        try (SseClient stream = new SseClient("http://127.0.0.1:" + port + "/api/v1/stream", other, null)) {
            assertThat(stream.status()).isEqualTo(200);
            stream.awaitConnected(WAIT);
            // a new process of ours is not sent; their update, made after it, is the first event they see
            String ourNew = api.post("/api/v1/processes", ourToken, processBody("live", "build"))
                    .text("process_id");
            assertThat(api.post(
                                    "/api/v1/processes/" + theirs + "/update",
                                    other,
                                    "{\"type\":\"step_started\",\"step\":\"build\"}")
                            .status())
                    .isEqualTo(200);
            SseClient.Message first = stream.nextEvent(WAIT);
            assertThat(first).isNotNull();
            assertThat(first.data()).contains(theirs).doesNotContain(ourNew);
            assertThat(stream.eventsWithin(Duration.ofMillis(300)))
                    .allSatisfy(m -> assertThat(m.data()).doesNotContain(ourNew));
        }
    }

    private void tokenListLeavesOursOut() {
        Api.Response tokens = api.get("/api/v1/tokens", other);
        assertThat(tokens.status()).isEqualTo(200);
        assertThat(tokens.json().path("tokens").findValuesAsText("token_id"))
                .isNotEmpty()
                .doesNotContain(ourTokenId);
    }

    private void aNewTokenReachesOnlyItsOrganization() {
        Api.Response created =
                api.post("/api/v1/tokens", other, Map.of("name", "theirs", "scopes", List.of("processes:read")));
        assertThat(created.status()).isEqualTo(201);
        assertNotFound(api.get("/api/v1/processes/" + ours, created.text("token")));
        assertThat(api.get("/api/v1/processes/" + theirs, created.text("token")).status())
                .isEqualTo(200);
    }

    private void ourTokenCannotBeRevoked() {
        assertProblem(api.delete("/api/v1/tokens/" + ourTokenId, other), 404, "not-found", "Token not found");
        assertThat(api.get("/api/v1/processes/" + ours, ourToken).status())
                .as("our token still works")
                .isEqualTo(200);
    }

    private void rebuildProgressIsPerOrganization() throws Exception {
        JsonNode done = rebuildAndWait(other);
        assertThat(done.path("total").asLong())
                .as("their rebuild counts their processes only")
                .isEqualTo(processCount(theirOrg));
        JsonNode listed =
                api.get("/api/v1/projections", other).json().path("projections").get(0);
        assertThat(listed.path("status").asText()).isEqualTo("completed");
        assertThat(listed.path("total").asLong()).isEqualTo(processCount(theirOrg));
        // we never rebuilt: their rebuild is not ours to see
        assertThat(api.get("/api/v1/projections", ourAdmin)
                        .json()
                        .path("projections")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("idle");
        assertThat(api.get("/api/v1/projections/process-view", ourAdmin)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("idle");
    }

    private void aRebuildLeavesOurRowsAlone() throws Exception {
        // a row of ours, deliberately wrong: their rebuild must not repair (touch) it
        jdbc.update("UPDATE process_view SET name = 'left alone' WHERE process_id = ?", UUID.fromString(ours));
        List<Map<String, Object>> ourRows = readModelRows(ourOrg);
        JsonNode done = rebuildAndWait(other);
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(readModelRows(ourOrg))
                .as("our read model after their rebuild")
                .isEqualTo(ourRows);
        jdbc.update(
                "UPDATE process_view SET name = ? WHERE process_id = ?", "Deploy shared-name", UUID.fromString(ours));
    }

    /**
     * Their analytics count their processes only: the shared namespace name holds theirs, our namespace sent in its
     * prefixed form is a namespace of theirs with no process, and no answer names us.
     */
    private void analyticsLeaveOursOut(String endpoint) throws InterruptedException {
        String path = "/api/v1/analytics/" + endpoint + (endpoint.equals("timeseries") ? "?metric=started&" : "?");
        String fresh = api.post("/api/v1/processes", other, processBody("shared-name", "build"))
                .text("process_id");
        assertThat(api.post(
                                "/api/v1/processes/" + fresh + "/update",
                                other,
                                "{\"type\":\"step_completed\",\"step\":\"build\"}")
                        .status())
                .isEqualTo(200);
        JsonNode shared = analyticsCaughtUp(path + "namespace=shared-name", other);
        JsonNode ourNamespace =
                api.get(path + "namespace=" + ourOrg + ".shared-name", other).json();
        long theirs = count("SELECT COUNT(*) FROM process_view WHERE namespace = ?", theirOrg + ".shared-name");
        assertThat(shared.toString()).doesNotContain(ourOrg);
        assertThat(ourNamespace.toString()).doesNotContain(ours);
        switch (endpoint) {
            case "summary" -> {
                assertThat(shared.path("started").asLong()).isEqualTo(theirs);
                assertThat(ourNamespace.path("started").asLong()).isZero();
            }
            case "steps" -> {
                assertThat(shared.path("steps").findValuesAsText("namespace"))
                        .isNotEmpty()
                        .allMatch(namespace -> namespace.equals(theirOrg + ".shared-name"));
                assertThat(ourNamespace.path("steps")).isEmpty();
            }
            case "timeseries" -> {
                assertThat(shared.path("points").findValues("value").stream()
                                .mapToLong(JsonNode::asLong)
                                .sum())
                        .isEqualTo(theirs);
                assertThat(ourNamespace.path("points").findValues("value").stream()
                                .mapToLong(JsonNode::asLong)
                                .sum())
                        .isZero();
            }
            default -> {
                assertThat(shared.path("deployments").asLong()
                                + shared.path("failed").asLong())
                        .isLessThanOrEqualTo(theirs);
                assertThat(ourNamespace.path("deployments").asLong()
                                + ourNamespace.path("failed").asLong())
                        .isZero();
            }
        }
    }

    private JsonNode analyticsCaughtUp(String path, String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            Api.Response response = api.get(path, token);
            assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
            if (response.json().path("lag_events").asLong() == 0) {
                return response.json();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("analytics did not catch up");
    }

    private long processCount(String orgId) {
        return count("SELECT COUNT(*) FROM process_view WHERE org_id = ?", orgId);
    }
}
