package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.junit.jupiter.api.Test;

/**
 * The service keeps its chain tips and uses them: the record an update chains to comes from the committed update
 * before it, not from a read of the store.
 */
@H2Store
class ChainTipsH2Test extends ApiTestSupport {

    private static final String HASH_OF =
            "SELECT hash FROM event_audit WHERE aggregate_identifier = ? AND sequence_number = ?";

    @Test
    void anUpdateChainsToTheTipOfTheCommittedUpdateBeforeIt() {
        String id = createProcess(uniqueNamespace(), "build");
        long started = accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}")
                .json()
                .path("sequence")
                .asLong();
        String stored = jdbc.queryForObject(HASH_OF, String.class, id, started);
        // what a read of the store would now answer; the tip still holds what was committed
        jdbc.update(
                "UPDATE event_audit SET hash = 'read from the store' WHERE aggregate_identifier = ? AND sequence_number = ?",
                id,
                started);
        try {
            long progress = accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":10}")
                    .json()
                    .path("sequence")
                    .asLong();

            assertThat(progress).isEqualTo(started + 1);
            assertThat(jdbc.queryForObject(
                            "SELECT prev_hash FROM event_audit WHERE aggregate_identifier = ? AND sequence_number = ?",
                            String.class,
                            id,
                            progress))
                    .isEqualTo(stored);
        } finally {
            jdbc.update(
                    "UPDATE event_audit SET hash = ? WHERE aggregate_identifier = ? AND sequence_number = ?",
                    stored,
                    id,
                    started);
        }
        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }
}
