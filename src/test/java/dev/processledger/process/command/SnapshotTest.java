package dev.processledger.process.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A process loaded from its snapshot (cache emptied) decides exactly as the one built from all its events, and a
 * snapshot of another revision of the aggregate's shape is never loaded.
 */
@H2Store
class SnapshotTest extends ApiTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    @Qualifier("processCache")
    private Cache cache;

    @Test
    void aProcessRestoredFromItsSnapshotKeepsItsStateAndSequence() {
        String id = createProcess(uniqueNamespace(), "build", "test");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int i = 0; i < 6; i++) {
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":" + i + "}");
        }
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", Long.class, id))
                .isPositive();

        cache.removeAll();

        Api.Response refused = update(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        assertProblem(refused, 409, "illegal-transition", "step 'build' is completed and cannot be started again");
        Api.Response restarted = accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}");
        assertThat(restarted.json().path("sequence").asLong()).isEqualTo(9);
        cache.removeAll();
        assertThat(accepted(id, "{\"type\":\"step_failed\",\"step\":\"test\",\"error\":\"x\"}")
                        .json()
                        .path("sequence")
                        .asLong())
                .isEqualTo(10);
        cache.removeAll();
        assertThat(accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}")
                        .json()
                        .path("sequence")
                        .asLong())
                .isEqualTo(11);
        assertThat(step(process(id), "test").path("attempt").asInt())
                .as("attempts survive the snapshot")
                .isEqualTo(2);
    }

    @Test
    void tasksAndTheProcessCreatorSurviveTheSnapshot() {
        String id = createProcess(uniqueNamespace(), "build", "review");
        Api.Response task = api.post(
                "/api/v1/tasks",
                ADMIN_TOKEN,
                java.util.Map.of(
                        "title", "Approve", "process_id", id, "process_step", "review", "distinct_approver", true));
        assertThat(task.status()).as(task.raw().body()).isEqualTo(201);
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int i = 0; i < 4; i++) {
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":" + i + "}");
        }
        assertThat(count("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", id))
                .isEqualTo(1);
        cache.removeAll();

        String path = "/api/v1/tasks/" + task.text("task_id") + "/complete";
        assertThat(api.post(path, ADMIN_TOKEN, "{\"decision\":\"approve\"}").status())
                .as("the snapshot kept who created the process and the task")
                .isEqualTo(403);
        cache.removeAll();
        assertThat(api.post(
                                "/api/v1/tasks",
                                ADMIN_TOKEN,
                                java.util.Map.of("title", "Again", "process_id", id, "process_step", "review"))
                        .status())
                .as("the snapshot kept the pending task")
                .isEqualTo(409);
    }

    @Test
    void aSnapshotOfAnotherRevisionIsSkippedAndTheEventsDecide() throws Exception {
        String control = processWithASnapshot();
        String stale = processWithASnapshot();
        // both snapshots now say the process has completed; only the control's keeps the aggregate's revision
        markCompletedInSnapshot(control, "2");
        markCompletedInSnapshot(stale, "1");
        cache.removeAll();

        Api.Response fromSnapshot = update(control, "{\"type\":\"step_started\",\"step\":\"test\"}");
        assertThat(fromSnapshot.status())
                .as("a snapshot of the current revision is loaded, so the rewrite decides")
                .isEqualTo(409);
        assertThat(fromSnapshot.text("code")).isEqualTo("process_finished");
        Api.Response fromEvents = accepted(stale, "{\"type\":\"step_started\",\"step\":\"test\"}");
        assertThat(fromEvents.json().path("sequence").asLong())
                .as("the events decided, sequence included")
                .isEqualTo(9);
        assertThat(process(stale).path("status").asText()).isEqualTo("running");
    }

    private String processWithASnapshot() {
        String id = createProcess(uniqueNamespace(), "build", "test");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int i = 0; i < 6; i++) {
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":" + i + "}");
        }
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        assertThat(count("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?", id))
                .isEqualTo(1);
        return id;
    }

    /** Rewrites the process's snapshot to say the process has completed, under the given revision. */
    private void markCompletedInSnapshot(String id, String revision) throws Exception {
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM snapshot_event_entry WHERE aggregate_identifier = ?", byte[].class, id);
        JsonNode snapshot = MAPPER.readTree(payload);
        ObjectNode state = (ObjectNode) snapshot.path("state");
        assertThat(state.path("status").asText()).as("the snapshot's shape").isEqualTo("running");
        state.put("status", "completed");
        assertThat(jdbc.update(
                        "UPDATE snapshot_event_entry SET payload = ?, payload_revision = ?"
                                + " WHERE aggregate_identifier = ?",
                        MAPPER.writeValueAsBytes(snapshot),
                        revision,
                        id))
                .isEqualTo(1);
    }
}
