package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Rebuilding the process view from the event store reproduces the live read model row by row, repairs rows that
 * were changed behind the service's back, and stays correct while updates keep arriving.
 */
public abstract class ProjectionRebuildContract extends ApiTestSupport {

    private static final String[] UPDATES = {"step_started", "progress", "step_completed", "step_failed"};

    @Test
    void aRebuildReproducesTheLiveReadModelRowByRow() throws Exception {
        Organization org = newOrganization();
        List<String> processes = randomWorkload(org, new Random(20261128), 12, 160);
        List<Map<String, Object>> live = readModelRows(org.id());
        jdbc.update(
                "UPDATE process_step_view SET status = 'failed', detail = 'forged' WHERE process_id = ?",
                java.util.UUID.fromString(processes.get(3)));
        jdbc.update(
                "UPDATE process_view SET name = 'forged', current_step = NULL WHERE process_id = ?",
                java.util.UUID.fromString(processes.get(5)));
        jdbc.update("DELETE FROM process_step_view WHERE process_id = ?", java.util.UUID.fromString(processes.get(7)));
        jdbc.update("DELETE FROM process_view WHERE process_id = ?", java.util.UUID.fromString(processes.get(7)));
        assertThat(readModelRows(org.id())).isNotEqualTo(live);

        JsonNode progress = rebuildAndWait(org.token());

        assertThat(progress.path("status").asText()).isEqualTo("completed");
        assertThat(progress.path("processed").asLong()).isEqualTo(processes.size());
        assertThat(progress.path("total").asLong()).isEqualTo(processes.size());
        assertSameRows(readModelRows(org.id()), live);
    }

    private static void assertSameRows(List<Map<String, Object>> actual, List<Map<String, Object>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("row %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void aRebuildDuringUpdatesEndsConsistent() throws Exception {
        Organization org = newOrganization();
        List<String> processes = randomWorkload(org, new Random(7), 8, 60);

        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> randomUpdates(org, processes, new Random(8), 80));
        Api.Response started = api.post("/api/v1/projections/process-view/rebuild", org.token(), "{}");
        writes.get();
        writer.shutdown();
        waitForRebuild(org.token());
        List<Map<String, Object>> afterConcurrentRebuild = readModelRows(org.id());

        rebuildAndWait(org.token());

        assertThat(started.status()).isEqualTo(202);
        assertSameRows(readModelRows(org.id()), afterConcurrentRebuild);
    }

    @Test
    void aRebuildTakesNoBodyOrAnEmptyObject() throws Exception {
        String admin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Bodies"))
                .text("admin_token");
        String path = "/api/v1/projections/process-view/rebuild";

        assertInvalid(api.post(path, admin, "{\"from\":\"2026-01-01T00:00:00Z\"}"), "body");
        assertInvalid(api.post(path, admin, "[]"), "body");
        assertProblem(
                api.send(api.request(path, admin)
                        .header("Content-Type", "text/plain")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("go"))
                        .build()),
                415,
                "unsupported-media-type",
                null);
        assertThat(api.get("/api/v1/projections/process-view", admin).text("status"))
                .as("none started")
                .isEqualTo("idle");
        assertThat(api.send(api.request(path, admin)
                                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                                .build())
                        .status())
                .isEqualTo(202);
        waitForRebuild(admin);
        assertThat(api.post(path, admin, " {} ").status()).isEqualTo(202);
        waitForRebuild(admin);
    }

    @Test
    void projectionsAreForAdminsAndNamed() {
        String reader = api.post(
                        "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "r", "scopes", List.of("processes:read")))
                .text("token");

        assertProblem(
                api.post("/api/v1/projections/process-view/rebuild", reader, "{}"),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(
                api.post("/api/v1/projections/nothing/rebuild", ADMIN_TOKEN, "{}"),
                404,
                "not-found",
                "Projection not found");
        Api.Response list = api.get("/api/v1/projections", ADMIN_TOKEN);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("projections").findValuesAsText("projection"))
                .containsExactly("process-view");
    }

    @Test
    void aSmallOrganizationsRebuildIsNotHeldUpByALargeOnes() throws Exception {
        Organization large = newOrganization();
        Organization small = newOrganization();
        randomWorkload(large, new Random(11), 150, 0);
        randomWorkload(small, new Random(12), 3, 6);

        assertThat(api.post("/api/v1/projections/process-view/rebuild", large.token(), "{}")
                        .status())
                .isEqualTo(202);
        assertThat(api.post("/api/v1/projections/process-view/rebuild", small.token(), "{}")
                        .status())
                .isEqualTo(202);
        JsonNode smallDone = waitForRebuild(small.token());
        JsonNode largeMeanwhile =
                api.get("/api/v1/projections/process-view", large.token()).json();

        assertThat(smallDone.path("status").asText()).isEqualTo("completed");
        assertThat(smallDone.path("processed").asLong()).isEqualTo(3);
        assertThat(largeMeanwhile.path("status").asText())
                .as("the large rebuild takes turns with the small one")
                .isEqualTo("running");
        assertThat(largeMeanwhile.path("processed").asLong()).isLessThan(150);
        assertThat(waitForRebuild(large.token()).path("processed").asLong()).isEqualTo(150);
    }

    private record Organization(String id, String token) {}

    private Organization newOrganization() {
        Api.Response org = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "rebuild"));
        return new Organization(org.text("org_id"), org.text("admin_token"));
    }

    private List<String> randomWorkload(Organization org, Random random, int processCount, int updates) {
        List<String> processes = new ArrayList<>();
        for (int i = 0; i < processCount; i++) {
            Map<String, Object> body = processBody("ns" + (i % 3), "a", "b", "c");
            processes.add(api.post("/api/v1/processes", org.token(), body).text("process_id"));
        }
        randomUpdates(org, processes, random, updates);
        return processes;
    }

    /** Random updates, legal or not: refused ones append nothing and are part of the workload too. */
    private void randomUpdates(Organization org, List<String> processes, Random random, int updates) {
        for (int i = 0; i < updates; i++) {
            String process = processes.get(random.nextInt(processes.size()));
            String step = "abc".substring(random.nextInt(3)).substring(0, 1);
            int roll = random.nextInt(30);
            String type = UPDATES[random.nextInt(UPDATES.length)];
            // each type with exactly its own members (UpdateRequest.MEMBERS)
            String members = switch (type) {
                case "step_started" -> ",\"detail\":\"d" + i + "\"";
                case "step_completed" -> ",\"detail\":\"d" + i + "\",\"data\":{\"i\":" + i + "}";
                case "step_failed" -> ",\"error\":\"boom " + i + "\"";
                default -> ",\"percent\":" + random.nextInt(101) + ",\"message\":\"m" + i + "\"";
            };
            String body = roll == 0
                    ? "{\"type\":\"completed\",\"summary\":\"s" + i + "\"}"
                    : roll == 1
                            ? "{\"type\":\"failed\",\"error\":\"e" + i + "\"}"
                            : "{\"type\":\"" + type + "\",\"step\":\"" + step + "\"" + members + "}";
            int status = api.post("/api/v1/processes/" + process + "/update", org.token(), body)
                    .status();
            assertThat(status).isIn(200, 409);
        }
    }
}
