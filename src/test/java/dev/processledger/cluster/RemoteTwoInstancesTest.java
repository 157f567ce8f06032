package dev.processledger.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.config.AsIfDistributed;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PostgresStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real lost races over a distributed command bus: two instances on one PostgreSQL database, each handing command
 * failures back as Axon Server's connector would ({@link AsIfDistributed}). Axon Server routes one process's
 * commands to one instance, but the route moves when instances join or leave, and then the new instance's cached
 * process is behind: its refusal on stale state, and its append on stale state, must be retried as locally.
 */
@Tag(PostgresStore.TAG)
class RemoteTwoInstancesTest {

    private static final String TOKEN = TokenSecrets.generate();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void start() {
        String url = PostgresStore.FreshDatabase.createDatabase();
        first = instance(url);
        second = instance(url);
        a = Instances.api(first);
        b = Instances.api(second);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    private static ConfigurableApplicationContext instance(String url) {
        return Instances.start(url, TOKEN, List.of(AsIfDistributed.class));
    }

    private static Api.Response update(Api api, String id, String body) {
        return api.post("/api/v1/processes/" + id + "/update", TOKEN, body);
    }

    @Test
    void racesLostOnStaleStateAreRetriedAcrossTheBus() {
        String id = a.post(
                        "/api/v1/processes",
                        TOKEN,
                        Map.of(
                                "namespace",
                                "remote",
                                "name",
                                "remote races",
                                "steps",
                                List.of(Map.of("key", "build", "label", "Build"))))
                .text("process_id");
        // a has cached the process it just created, with build pending
        assertThat(update(b, id, "{\"type\":\"step_started\",\"step\":\"build\"}")
                        .status())
                .isEqualTo(200);
        double retriesOnA = retries(first);
        double retriesOnB = retries(second);
        int delivered = AsIfDistributed.DELIVERED_REMOTELY.get();

        Api.Response refusedOnStaleState = update(a, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":40}");
        assertThat(refusedOnStaleState.status())
                .as("%s", refusedOnStaleState.json())
                .isEqualTo(200);
        assertThat(refusedOnStaleState.json().path("sequence").asLong()).isEqualTo(2);
        Api.Response staleAppendOnB = update(b, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":60}");
        assertThat(staleAppendOnB.status()).as("%s", staleAppendOnB.json()).isEqualTo(200);
        assertThat(staleAppendOnB.json().path("sequence").asLong()).isEqualTo(3);
        Api.Response staleAppendOnA = update(a, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":80}");
        assertThat(staleAppendOnA.status()).as("%s", staleAppendOnA.json()).isEqualTo(200);
        assertThat(staleAppendOnA.json().path("sequence").asLong()).isEqualTo(4);

        assertThat(retries(first) - retriesOnA)
                .as("retries on the first instance")
                .isEqualTo(2);
        assertThat(retries(second) - retriesOnB)
                .as("retries on the second instance")
                .isEqualTo(1);
        assertThat(AsIfDistributed.DELIVERED_REMOTELY.get() - delivered)
                .as("lost races that crossed the bus")
                .isEqualTo(3);
        assertThat(a.get("/api/v1/processes/" + id + "/events", TOKEN)
                        .json()
                        .path("events")
                        .findValuesAsText("sequence"))
                .containsExactly("0", "1", "2", "3", "4");
    }

    private static double retries(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class)
                .get("ledger.command.retries")
                .counter()
                .count();
    }
}
