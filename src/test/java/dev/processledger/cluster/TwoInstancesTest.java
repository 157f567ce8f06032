package dev.processledger.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PostgresStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two service instances on one PostgreSQL database, each with its own aggregate cache and deadline poller. An
 * instance whose cached process is behind the other's appends must neither refuse a valid update nor append on
 * stale state; a stale-step deadline runs on one instance only.
 */
@Tag(PostgresStore.TAG)
class TwoInstancesTest {

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
        return Instances.start(url, TOKEN, List.of(), "--db-scheduler.polling-interval=100ms");
    }

    private static Api.Response update(Api api, String id, String body) {
        return api.post("/api/v1/processes/" + id + "/update", TOKEN, body);
    }

    @Test
    void anInstanceBehindTheOtherNeitherRefusesValidUpdatesNorAppendsOnStaleState() {
        String id = a.post(
                        "/api/v1/processes",
                        TOKEN,
                        Map.of(
                                "namespace",
                                "two",
                                "name",
                                "two instances",
                                "steps",
                                List.of(Map.of("key", "build", "label", "Build"))))
                .text("process_id");
        // a has cached the process it just created, with build pending (a refusal would evict it)
        assertThat(update(b, id, "{\"type\":\"step_started\",\"step\":\"build\"}")
                        .status())
                .isEqualTo(200);
        Api.Response progressOnA = update(a, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":40}");
        assertThat(progressOnA.status())
                .as("refusal on stale state is retried: %s", progressOnA.json())
                .isEqualTo(200);
        assertThat(progressOnA.json().path("sequence").asLong()).isEqualTo(2);

        assertThat(update(b, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":60}")
                        .json()
                        .path("sequence")
                        .asLong())
                .isEqualTo(3);
        Api.Response appendOnA = update(a, id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":80}");
        assertThat(appendOnA.status()).isEqualTo(200);
        assertThat(appendOnA.json().path("sequence").asLong())
                .as("the stale append collided and was retried")
                .isEqualTo(4);

        assertThat(b.get("/api/v1/processes/" + id, TOKEN)
                        .json()
                        .path("timeline")
                        .get(0)
                        .path("progress_percent")
                        .asInt())
                .as("read-your-writes across instances")
                .isEqualTo(80);
        assertThat(a.get("/api/v1/processes/" + id + "/verify", TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        assertThat(a.get("/api/v1/processes/" + id + "/events", TOKEN)
                        .json()
                        .path("events")
                        .findValuesAsText("sequence"))
                .containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void eachStaleDeadlineRunsOnceAcrossTheInstances() throws Exception {
        double handledBefore = deadlinesHandled(first) + deadlinesHandled(second);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api api = i % 2 == 0 ? a : b;
            String id = api.post(
                            "/api/v1/processes",
                            TOKEN,
                            Map.of(
                                    "namespace",
                                    "stale",
                                    "name",
                                    "stale " + i,
                                    "stale_after_seconds",
                                    1,
                                    "steps",
                                    List.of(Map.of("key", "build", "label", "Build"))))
                    .text("process_id");
            assertThat(update(api, id, "{\"type\":\"step_started\",\"step\":\"build\"}")
                            .status())
                    .isEqualTo(200);
            ids.add(id);
        }

        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (ids.stream().anyMatch(id -> timeOuts(id) == 0) && Instant.now().isBefore(until)) {
            Thread.sleep(200);
        }
        Thread.sleep(1000); // ten more polls on each instance: time for a second run to show up

        assertThat(ids)
                .allSatisfy(
                        id -> assertThat(timeOuts(id)).as("time-outs of %s", id).isEqualTo(1));
        double onFirst = deadlinesHandled(first);
        double onSecond = deadlinesHandled(second);
        assertThat(onFirst + onSecond - handledBefore)
                .as("deadline runs over both instances")
                .isEqualTo(20);
        System.out.printf(
                "stale deadlines: 20 due, %.0f run by the first instance, %.0f by the second%n", onFirst, onSecond);
    }

    private static long timeOuts(String id) {
        return a
                .get("/api/v1/processes/" + id + "/events", TOKEN)
                .json()
                .path("events")
                .findValuesAsText("type")
                .stream()
                .filter("step_timed_out"::equals)
                .count();
    }

    private static double deadlinesHandled(ConfigurableApplicationContext instance) {
        return instance.getBean(MeterRegistry.class)
                .get("ledger.deadlines.handled")
                .counter()
                .count();
    }
}
