package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A command that loses the race for its process is retried on fresh state, and answered 409 {@code
 * concurrent-update} once the retries run out, whichever command bus carried the failure.
 */
abstract class LostRacesContract extends ApiTestSupport {

    private static final String DETAIL = "the process was changed by concurrent updates; send the update again";

    @Autowired
    private MeterRegistry registry;

    @Test
    void anUpdateThatLostTheRaceIsRetriedAndAccepted() {
        String id = createProcess(uniqueNamespace(), "build");
        double retriesBefore = retries();
        LosingRaces.lose(id, 2);

        Api.Response accepted = accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");

        assertThat(accepted.json().path("sequence").asLong())
                .as("appended once, after the lost races")
                .isEqualTo(1);
        assertThat(retries() - retriesBefore).isEqualTo(2);
        assertThat(eventCount(id)).isEqualTo(2);
    }

    @Test
    void anUpdateThatKeepsLosingIsAConcurrentUpdate() {
        String id = createProcess(uniqueNamespace(), "build");
        double retriesBefore = retries();
        LosingRaces.lose(id, -1);

        Api.Response refused = refused(() -> update(id, "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertConcurrentUpdate(refused);
        assertThat(retries() - retriesBefore).as("retried before giving up").isEqualTo(5);
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void aCreateThatKeepsLosingIsAConcurrentUpdate() {
        String id = UUID.randomUUID().toString();
        LosingRaces.lose(id, -1);
        String body = "{\"process_id\":\"" + id + "\",\"namespace\":\"" + uniqueNamespace()
                + "\",\"name\":\"raced\",\"steps\":[{\"key\":\"build\",\"label\":\"Build\"}]}";

        Api.Response refused = refused(() -> api.post("/api/v1/processes", ADMIN_TOKEN, body));

        assertConcurrentUpdate(refused);
        assertThat(eventCount(id)).isZero();
    }

    private static void assertConcurrentUpdate(Api.Response response) {
        assertProblem(response, 409, "concurrent-update", DETAIL);
        assertThat(response.text("title")).isEqualTo("Concurrent update");
        assertThat(response.text("code")).isEqualTo("concurrent_update");
        assertThat(response.json().properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "error", "code");
    }

    private double retries() {
        return registry.get("ledger.command.retries").counter().count();
    }
}
