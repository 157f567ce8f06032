package dev.processledger.process.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** A process loaded from its snapshot (cache emptied) decides exactly as the one built from all its events. */
@H2Store
class SnapshotTest extends ApiTestSupport {

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
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?",
                Long.class, id)).isPositive();

        cache.removeAll();

        Api.Response refused = update(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        assertProblem(refused, 409, "illegal-transition", "step 'build' is completed and cannot be started again");
        Api.Response restarted = accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}");
        assertThat(restarted.json().path("sequence").asLong()).isEqualTo(9);
        cache.removeAll();
        assertThat(accepted(id, "{\"type\":\"step_failed\",\"step\":\"test\",\"error\":\"x\"}").json()
                .path("sequence").asLong()).isEqualTo(10);
        cache.removeAll();
        assertThat(accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}").json().path("sequence").asLong())
                .isEqualTo(11);
        assertThat(step(process(id), "test").path("attempt").asInt()).as("attempts survive the snapshot")
                .isEqualTo(2);
    }
}
