package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged service as a separate JVM on a fresh H2 directory, posts updates, kills the JVM with
 * SIGKILL right after the last acknowledgement, restarts it on the same directory and finds every acknowledged
 * update in the store.
 */
class KillRecoveryIT {

    private static final String TOKEN = TokenSecrets.generate();
    private static final int UPDATES = 200;

    @Test
    void aStaleDeadlineSurvivesARestartAndFiresAfterIt() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "deadline-test-");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        String id;
        try (PackagedService first = PackagedService.start(dataDir, port, TOKEN, "first")) {
            id = api.post(
                            "/api/v1/processes",
                            TOKEN,
                            Map.of(
                                    "namespace",
                                    "durability",
                                    "name",
                                    "deadline",
                                    "stale_after_seconds",
                                    3,
                                    "steps",
                                    List.of(Map.of("key", "work", "label", "Work"))))
                    .text("process_id");
            assertThat(api.post(
                                    "/api/v1/processes/" + id + "/update",
                                    TOKEN,
                                    "{\"type\":\"step_started\",\"step\":\"work\"}")
                            .status())
                    .isEqualTo(200);
            first.kill();
        }
        Thread.sleep(3_500);

        try (PackagedService second = PackagedService.start(dataDir, port, TOKEN, "second")) {
            String status = null;
            for (int i = 0; i < 100 && !"timed_out".equals(status); i++) {
                Thread.sleep(200);
                status = api.get("/api/v1/processes/" + id, TOKEN)
                        .json()
                        .path("timeline")
                        .get(0)
                        .path("status")
                        .asText();
            }
            assertThat(status)
                    .as("the deadline stored before the kill fired after the restart")
                    .isEqualTo("timed_out");
        }
    }

    @Test
    void everyAcknowledgedUpdateSurvivesSigkill() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "kill-test-");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        String id;
        long lastAcknowledged;
        try (PackagedService first = PackagedService.start(dataDir, port, TOKEN, "first")) {
            Api.Response created = api.post(
                    "/api/v1/processes",
                    TOKEN,
                    Map.of(
                            "namespace",
                            "durability",
                            "name",
                            "kill -9",
                            "steps",
                            List.of(Map.of("key", "work", "label", "Work"))));
            assertThat(created.status()).isEqualTo(201);
            id = created.text("process_id");
            assertThat(api.post(
                                    "/api/v1/processes/" + id + "/update",
                                    TOKEN,
                                    "{\"type\":\"step_started\",\"step\":\"work\"}")
                            .status())
                    .isEqualTo(200);
            lastAcknowledged = -1;
            for (int i = 0; i < UPDATES; i++) {
                Api.Response response = api.post(
                        "/api/v1/processes/" + id + "/update",
                        TOKEN,
                        "{\"type\":\"progress\",\"step\":\"work\",\"percent\":" + (i % 100) + "}");
                assertThat(response.status()).isEqualTo(200);
                lastAcknowledged = response.json().path("sequence").asLong();
            }
            first.kill();
        }

        try (PackagedService second = PackagedService.start(dataDir, port, TOKEN, "second")) {
            JsonNode process = api.get("/api/v1/processes/" + id, TOKEN).json();

            assertThat(lastAcknowledged).isEqualTo(1 + UPDATES);
            assertThat(process.path("version").asLong()).isEqualTo(lastAcknowledged);
            assertThat(process.path("timeline").get(0).path("progress_percent").asInt())
                    .isEqualTo((UPDATES - 1) % 100);
            assertThat(api.post(
                                    "/api/v1/processes/" + id + "/update",
                                    TOKEN,
                                    "{\"type\":\"step_completed\",\"step\":\"work\"}")
                            .json()
                            .path("sequence")
                            .asLong())
                    .as("the restarted aggregate continues the same stream")
                    .isEqualTo(lastAcknowledged + 1);
        }
    }
}
