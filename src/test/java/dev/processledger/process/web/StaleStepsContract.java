package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running step with no update for its stale timeout is settled by the server as timed_out. */
public abstract class StaleStepsContract extends ApiTestSupport {

    private String processWithStaleAfter(int seconds, String... steps) {
        return api.post(
                        "/api/v1/processes",
                        ADMIN_TOKEN,
                        Map.of(
                                "namespace",
                                uniqueNamespace(),
                                "name",
                                "stale",
                                "stale_after_seconds",
                                seconds,
                                "steps",
                                java.util.Arrays.stream(steps)
                                        .map(k -> Map.of("key", k, "label", k))
                                        .toList()))
                .text("process_id");
    }

    private JsonNode awaitStatus(String id, String step, String status, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            JsonNode entry = step(process(id), step);
            if (entry.path("status").asText().equals(status)) {
                return entry;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(step + " did not become " + status + ": " + process(id));
    }

    @Test
    void aSilentRunningStepTimesOutAndCanBeStartedAgain() throws Exception {
        String id = processWithStaleAfter(1, "build", "test");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"test\"}");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"test\"}");

        JsonNode build = awaitStatus(id, "build", "timed_out", Duration.ofSeconds(15));

        assertThat(build.path("completed_at").isNull()).isFalse();
        assertThat(step(process(id), "test").path("status").asText())
                .as("a finished step never times out")
                .isEqualTo("completed");
        JsonNode timedOut = api.get("/api/v1/processes/" + id + "/events?after=3", ADMIN_TOKEN)
                .json()
                .path("events")
                .get(0);
        assertThat(timedOut.path("type").asText()).isEqualTo("step_timed_out");
        assertThat(timedOut.path("actor").isNull()).as("the server's own event").isTrue();
        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        assertThat(accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}")
                        .status())
                .isEqualTo(200);
        assertThat(step(process(id), "build").path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void progressKeepsAStepAlive() throws Exception {
        String id = processWithStaleAfter(2, "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int i = 0; i < 4; i++) {
            Thread.sleep(800);
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":" + i + "}");
        }
        assertThat(step(process(id), "build").path("status").asText()).isEqualTo("running");

        awaitStatus(id, "build", "timed_out", Duration.ofSeconds(15));
        assertThat(api
                        .get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                        .json()
                        .path("events")
                        .findValuesAsText("type")
                        .stream()
                        .filter("step_timed_out"::equals)
                        .count())
                .isEqualTo(1);
    }
}
