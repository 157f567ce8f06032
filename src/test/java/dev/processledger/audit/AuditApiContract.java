package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** History, point-in-time state, hash-chain verification and export, end to end on a real store. */
public abstract class AuditApiContract extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A process with five events: created, started, progress, completed step, completed process. */
    private String finishedProcess(String namespace) {
        String id = createProcess(namespace, "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"runner 7\"}");
        accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":50}");
        accepted(
                id,
                "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"ratio\":0.25,\"big\":1e20,"
                        + "\"text\":\"line\\nbreak ü 😀\",\"list\":[1,2.5,{\"b\":null,\"a\":true}]}}");
        accepted(id, "{\"type\":\"completed\",\"summary\":\"done\"}");
        return id;
    }

    @Test
    void historyListsTheEventsInSequenceOrderWithTheirActorAndChain() {
        String id = finishedProcess(uniqueNamespace());

        Api.Response response = api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN);

        assertThat(response.status()).isEqualTo(200);
        JsonNode events = response.json().path("events");
        assertThat(events.findValuesAsText("type"))
                .containsExactly(
                        "process_created", "step_started", "step_progressed", "step_completed", "process_completed");
        assertThat(events.findValuesAsText("sequence")).containsExactly("0", "1", "2", "3", "4");
        assertThat(response.json().path("next_after").isNull()).isTrue();
        JsonNode started = events.get(1);
        assertThat(started.path("actor").path("token_name").asText()).isEqualTo("bootstrap");
        assertThat(UUID.fromString(started.path("actor").path("token_id").asText()))
                .isNotNull();
        assertThat(started.path("data").path("detail").asText()).isEqualTo("runner 7");
        assertThat(started.path("data").path("attempt").asInt()).isEqualTo(1);
        assertThat(started.path("occurred_at").asText())
                .isEqualTo(started.path("data").path("at").asText());
        assertThat(started.path("global_position").asLong())
                .isGreaterThan(events.get(0).path("global_position").asLong());
        assertThat(events.get(0).path("prev_hash").isNull()).isTrue();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).path("prev_hash").asText())
                    .isEqualTo(events.get(i - 1).path("hash").asText());
            assertThat(events.get(i).path("hash").asText()).hasSize(64);
        }
    }

    @Test
    void historyPagesWithAfterAndLimit() {
        String id = finishedProcess(uniqueNamespace());

        JsonNode first = api.get("/api/v1/processes/" + id + "/events?limit=2", ADMIN_TOKEN)
                .json();
        JsonNode second = api.get(
                        "/api/v1/processes/" + id + "/events?limit=2&after="
                                + first.path("next_after").asLong(),
                        ADMIN_TOKEN)
                .json();

        assertThat(first.path("events").findValuesAsText("sequence")).containsExactly("0", "1");
        assertThat(first.path("next_after").asLong()).isEqualTo(1);
        assertThat(second.path("events").findValuesAsText("sequence")).containsExactly("2", "3");
    }

    @Test
    void historyIsNdjsonOnRequest() {
        String id = finishedProcess(uniqueNamespace());

        Api.Response response = api.send(api.request("/api/v1/processes/" + id + "/events?after=2", ADMIN_TOKEN)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build());

        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(response.raw().body());
        assertThat(lines).extracting(l -> l.path("sequence").asInt()).containsExactly(3, 4);
        assertThat(lines).extracting(l -> l.path("process_id").asText()).containsOnly(id);
        assertThat(lines.get(0).path("data").path("data").path("ratio").asDouble())
                .isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"limit=0, limit", "limit=1001, limit", "limit=x, limit", "after=-1, after"})
    void badHistoryParametersAre400(String query, String field) {
        String id = createProcess(uniqueNamespace(), "a");

        assertInvalid(api.get("/api/v1/processes/" + id + "/events?" + query, ADMIN_TOKEN), field);
    }

    @Test
    void stateReplaysToASequenceOrAnInstant() {
        String id = finishedProcess(uniqueNamespace());
        JsonNode events = api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                .json()
                .path("events");

        JsonNode afterProgress = api.get("/api/v1/processes/" + id + "/state?sequence=2", ADMIN_TOKEN)
                .json();
        JsonNode atStart = api.get(
                        "/api/v1/processes/" + id + "/state?at="
                                + events.get(1).path("occurred_at").asText(),
                        ADMIN_TOKEN)
                .json();
        JsonNode now = api.get("/api/v1/processes/" + id + "/state?sequence=99", ADMIN_TOKEN)
                .json();

        assertThat(afterProgress.path("status").asText()).isEqualTo("running");
        assertThat(afterProgress.path("version").asLong()).isEqualTo(2);
        assertThat(afterProgress
                        .path("timeline")
                        .get(0)
                        .path("progress_percent")
                        .asInt())
                .isEqualTo(50);
        assertThat(atStart.path("version").asLong()).isEqualTo(1);
        assertThat(atStart.path("current_step").asText()).isEqualTo("build");
        assertThat(now).as("replaying every event gives the projection's view").isEqualTo(process(id));
    }

    @Test
    void stateBeforeTheProcessExistedIs404() {
        String id = createProcess(uniqueNamespace(), "a");

        assertProblem(
                api.get("/api/v1/processes/" + id + "/state?at=2001-01-01T00:00:00Z", ADMIN_TOKEN),
                404,
                "not-found",
                "Process did not exist at that instant");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource({
        "at=yesterday, at",
        "sequence=-1, sequence",
        "sequence=x, sequence",
        "'', at",
        "at=2026-01-01T00:00:00Z&sequence=1, at"
    })
    void badStateParametersAre400(String query, String field) {
        String id = createProcess(uniqueNamespace(), "a");

        assertInvalid(api.get("/api/v1/processes/" + id + "/state?" + query, ADMIN_TOKEN), field);
    }

    @Test
    void verifyConfirmsAnUntouchedChain() {
        String id = finishedProcess(uniqueNamespace());
        JsonNode events = api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                .json()
                .path("events");

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("valid").asBoolean()).isTrue();
        assertThat(verification.path("events").asInt()).isEqualTo(5);
        assertThat(verification.path("head_hash").asText())
                .isEqualTo(events.get(4).path("hash").asText());
    }

    @Test
    void verifyNamesTheFirstEventChangedInTheDatabase() {
        String id = finishedProcess(uniqueNamespace());
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?" + " AND sequence_number = 2",
                byte[].class,
                id);
        byte[] forged = new String(payload, StandardCharsets.UTF_8)
                .replace("\"percent\":50", "\"percent\":95")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(forged).isNotEqualTo(payload);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                forged,
                id);

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("valid").asBoolean()).isFalse();
        assertThat(verification.path("broken_sequence").asLong()).isEqualTo(2);
        assertThat(verification.path("reason").asText())
                .isEqualTo("the event store's copy of the event does not match its audit record");
    }

    @Test
    void verifyNamesAnEventDeletedFromTheDatabase() {
        String id = finishedProcess(uniqueNamespace());
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 3", id);

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("valid").asBoolean()).isFalse();
        assertThat(verification.path("broken_sequence").asLong()).isEqualTo(3);
        assertThat(verification.path("reason").asText()).contains("missing");
    }

    @Test
    void verifyNamesAnEventDeletedTogetherWithItsHash() {
        String id = finishedProcess(uniqueNamespace());
        jdbc.update("DELETE FROM event_audit WHERE aggregate_identifier = ? AND sequence_number = 2", id);
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 2", id);

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("broken_sequence").asLong()).isEqualTo(2);
        assertThat(verification.path("reason").asText()).isEqualTo("the event and its hash are missing");
    }

    @Test
    void verifyNamesAnUnreadableEventInsteadOfFailing() {
        String id = finishedProcess(uniqueNamespace());
        jdbc.update(
                "UPDATE event_audit SET content = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                "{not json",
                id);

        Api.Response response = api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("broken_sequence").asLong()).isEqualTo(1);
        assertThat(response.json().path("reason").asText()).contains("cannot be read");
        assertThat(api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                        .json()
                        .path("events")
                        .get(1)
                        .path("type")
                        .asText())
                .isEqualTo("unreadable");
    }

    @Test
    void verifyNamesAHashRowMovedToAnotherOrganization() {
        String id = finishedProcess(uniqueNamespace());
        jdbc.update(
                "UPDATE event_audit SET org_id = 'org-elsewhere' WHERE aggregate_identifier = ?"
                        + " AND sequence_number = 3",
                id);

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("broken_sequence").asLong()).isEqualTo(3);
        assertThat(verification.path("reason").asText()).contains("organization");
    }

    @Test
    void numbersBeyondDoubleRangeAreRefusedSoEveryStoredChainVerifies() {
        String id = createProcess(uniqueNamespace(), "a");

        assertInvalid(
                refused(() -> update(id, "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":{\"x\":1e400}}")),
                "data");
        assertInvalid(
                refused(() -> update(
                        id,
                        "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":"
                                + "{\"big\":123456789012345678901234567890}}")),
                "data");
        accepted(
                id,
                "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":{\"safe\":9007199254740991,"
                        + "\"small\":4.9E-324,\"max\":1.7976931348623157E308,\"neg\":-0.0}}");
        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void verifyNamesAChangedActor() {
        String id = finishedProcess(uniqueNamespace());
        String content = jdbc.queryForObject(
                "SELECT content FROM event_audit WHERE aggregate_identifier = ?" + " AND sequence_number = 1",
                String.class,
                id);
        jdbc.update(
                "UPDATE event_audit SET content = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                content.replace("\"token_name\":\"bootstrap\"", "\"token_name\":\"someone\""),
                id);

        JsonNode verification =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).json();

        assertThat(verification.path("broken_sequence").asLong()).isEqualTo(1);
        assertThat(verification.path("reason").asText()).isEqualTo("the event's audit record does not match its hash");
    }

    @Test
    void anUnknownProcessHasNoHistory() {
        for (String path : List.of("/events", "/state?sequence=1", "/verify")) {
            assertProblem(
                    api.get("/api/v1/processes/" + UUID.randomUUID() + path, ADMIN_TOKEN),
                    404,
                    "not-found",
                    "Process not found");
        }
    }

    @Test
    void exportStreamsTheOrganizationsEventsInGlobalOrderAndResumes() {
        String namespace = uniqueNamespace();
        String first = finishedProcess(namespace);
        String second = finishedProcess(namespace);

        List<JsonNode> all = export("?namespace=" + namespace);
        long resumeAfter = all.get(4).path("global_position").asLong();
        List<JsonNode> resumed = export("?namespace=default." + namespace + "&after=" + resumeAfter);

        assertThat(all).hasSize(10);
        assertThat(all).extracting(l -> l.path("process_id").asText()).containsOnly(first, second);
        assertThat(all)
                .extracting(l -> l.path("global_position").asLong())
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(resumed).containsExactlyElementsOf(all.subList(5, 10));
        JsonNode fromHistory = api.get("/api/v1/processes/" + first + "/events", ADMIN_TOKEN)
                .json()
                .path("events")
                .get(0);
        assertThat(all.get(0).path("hash")).isEqualTo(fromHistory.path("hash"));
    }

    @Test
    void exportFiltersByTime() {
        String namespace = uniqueNamespace();
        String id = finishedProcess(namespace);
        List<JsonNode> all = export("?namespace=" + namespace);
        String third = all.get(2).path("occurred_at").asText();
        String fourth = all.get(3).path("occurred_at").asText();

        List<JsonNode> window = export("?namespace=" + namespace + "&from=" + third + "&to=" + fourth);

        assertThat(window)
                .isNotEmpty()
                .allMatch(l -> l.path("process_id").asText().equals(id));
        assertThat(window)
                .extracting(l -> l.path("occurred_at").asText())
                .allMatch(t -> t.compareTo(third) >= 0 && t.compareTo(fourth) < 0 || t.equals(third));
        assertThat(window)
                .extracting(l -> l.path("sequence").asInt())
                .contains(2)
                .doesNotContain(0, 4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "from=today, from",
        "to=x, to",
        "after=-5, after",
        "namespace=a b, namespace",
        "to=+1000000000-12-31T23:59:59Z, to"
    })
    void badExportParametersAre400(String query, String field) {
        assertInvalid(api.get("/api/v1/audit/export?" + query.replace(" ", "%20"), ADMIN_TOKEN), field);
    }

    @Test
    void theShippedScriptVerifiesAnExportAndCatchesATamperedLine() throws Exception {
        String namespace = uniqueNamespace();
        String id = finishedProcess(namespace);
        finishedProcess(namespace);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "export-");
        java.nio.file.Path export = dir.resolve("export.ndjson");
        java.nio.file.Files.writeString(
                export,
                api.send(api.request("/api/v1/audit/export?namespace=" + namespace, ADMIN_TOKEN)
                                .GET()
                                .build())
                        .raw()
                        .body());
        String head =
                api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN).text("head_hash");

        ScriptRun clean = verifyScript(export);
        assertThat(clean.exitCode()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("OK: 2 processes, 0 failures", "head " + head);

        String tampered = java.nio.file.Files.readString(export).replace("\"percent\":50", "\"percent\":51");
        java.nio.file.Files.writeString(export, tampered);
        ScriptRun caught = verifyScript(export);
        assertThat(caught.exitCode()).isEqualTo(1);
        assertThat(caught.output()).contains("sequence 2): content does not match its hash", "FAILED");
    }

    private record ScriptRun(int exitCode, String output) {}

    private static ScriptRun verifyScript(java.nio.file.Path export) throws Exception {
        java.lang.Process run = new ProcessBuilder("python3", "docs/verify-export.py", export.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new ScriptRun(run.exitValue(), output);
    }

    protected List<JsonNode> export(String query) {
        Api.Response response = api.send(api.request("/api/v1/audit/export" + query, ADMIN_TOKEN)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build());
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return lines(response.raw().body());
    }

    private static List<JsonNode> lines(String body) {
        return Arrays.stream(body.split("\n"))
                .filter(l -> !l.isBlank())
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (java.io.IOException e) {
                        throw new AssertionError("not a JSON line: " + l, e);
                    }
                })
                .toList();
    }
}
