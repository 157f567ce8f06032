package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Event classes change; stored history and its hashes do not. Here the history holds a step start written by an
 * older {@code StepStartedEvent} (revision 0: the member was {@code stepKey}, and {@code detail} did not exist yet),
 * read today through an upcaster that renames the member. The old record still verifies, the process still loads
 * and takes new events that chain onto it, and the export passes the shipped verifier.
 */
@H2Store
@Import(EventEvolutionTest.RenamedMember.class)
class EventEvolutionTest extends ApiTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a deployment carrying the renamed member would ship: revision 0 payloads read as revision 1. */
    @TestConfiguration
    static class RenamedMember {

        @Bean
        SingleEventUpcaster stepStartedRevision0() {
            return new SingleEventUpcaster() {
                @Override
                protected boolean canUpcast(IntermediateEventRepresentation representation) {
                    return representation
                            .getType()
                            .equals(new SimpleSerializedType(StepStartedEvent.class.getName(), "0"));
                }

                @Override
                protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                    return representation.upcastPayload(
                            new SimpleSerializedType(StepStartedEvent.class.getName(), "1"),
                            JsonNode.class,
                            payload -> {
                                ObjectNode node = (ObjectNode) payload;
                                node.set("step", node.remove("stepKey"));
                                node.putNull("detail");
                                return node;
                            });
                }
            };
        }
    }

    @Test
    void historyWrittenByAnOlderClassStillVerifiesAndNewEventsChainOntoIt() throws Exception {
        String id = createProcess(uniqueNamespace(), "build");
        String orgId =
                jdbc.queryForObject("SELECT org_id FROM event_audit WHERE aggregate_identifier = ?", String.class, id);
        String created = jdbc.queryForObject(
                "SELECT hash FROM event_audit WHERE aggregate_identifier = ?" + " AND sequence_number = 0",
                String.class,
                id);
        Instant at = Instant.parse("2026-06-01T12:00:00.123Z");
        byte[] oldPayload = ("{\"processId\":\"" + id + "\",\"stepKey\":\"build\",\"attempt\":1,\"at\":\"" + at + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String oldRecord = oldRecord(id, at, oldPayload, created);
        appendAsTheOldVersionDid(id, orgId, at, oldPayload, oldRecord);

        assertThat(api.post("/api/v1/projections/process-view/rebuild", ADMIN_TOKEN, "{}")
                        .status())
                .isEqualTo(202);
        waitForRebuild(ADMIN_TOKEN);
        assertThat(step(process(id), "build").path("status").asText())
                .as("the old start, read through the upcaster")
                .isEqualTo("running");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"completed\"}");

        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        JsonNode events = api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                .json()
                .path("events");
        assertThat(events.get(1).path("data").path("step_key").asText())
                .as("the record as it was written")
                .isEqualTo("build");
        assertThat(events.get(1).has("detail")).isFalse();
        assertThat(events.get(2).path("prev_hash").asText())
                .isEqualTo(events.get(1).path("hash").asText());
        Path export = Files.createTempFile(Files.createDirectories(Path.of("target")), "evolved", ".ndjson");
        Files.writeString(
                export, api.get("/api/v1/audit/export", ADMIN_TOKEN).raw().body());
        Process verifier = new ProcessBuilder("python3", "docs/verify-export.py", export.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verifier.exitValue()).as(output).isZero();
    }

    /** The record the older version stored: its class's members, snake_cased, in RFC 8785 form. */
    private static String oldRecord(String processId, Instant at, byte[] payload, String prevHash) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("process_id", processId);
        data.put("step_key", "build");
        data.put("attempt", 1);
        data.put("at", at.toString());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("process_id", processId);
        record.put("sequence", 1);
        record.put("type", "step_started");
        record.put("occurred_at", at.toString());
        record.put("actor", Map.of("token_id", UUID.randomUUID().toString(), "token_name", "old deployer"));
        record.put("data", data);
        record.put("payload_sha256", AuditRecord.sha256(payload));
        record.put("prev_hash", prevHash);
        return Jcs.write(record);
    }

    private void appendAsTheOldVersionDid(String id, String orgId, Instant at, byte[] payload, String record) {
        jdbc.update(
                """
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                VALUES (?, ?, 1, 'Process', ?, ?, '0', ?, ?)""",
                UUID.randomUUID().toString(),
                id,
                at.toString(),
                StepStartedEvent.class.getName(),
                payload,
                "{}".getBytes(StandardCharsets.UTF_8));
        jdbc.update(
                """
                INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                    occurred_at, hash, prev_hash, content)
                SELECT ?, 1, global_index, ?, (SELECT namespace FROM event_audit WHERE aggregate_identifier = ?
                    AND sequence_number = 0), ?, ?, ?, ? FROM domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number = 1""",
                id,
                orgId,
                id,
                at.atOffset(ZoneOffset.UTC),
                AuditRecord.sha256(record),
                AuditRecord.parse(record).get("prev_hash"),
                record,
                id);
    }
}
