package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the README's curl walkthrough (docs/examples.sh) against the packaged service, as a new user would. */
class WalkthroughIT {

    @Test
    void theReadmeWalkthroughWorksAsWritten() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "walkthrough-");
        String token = TokenSecrets.generate();
        String processId = UUID.randomUUID().toString();
        try (PackagedService service = PackagedService.start(dataDir, PackagedService.freePort(), token, "service")) {
            ProcessBuilder script = new ProcessBuilder("bash", "docs/examples.sh")
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("walkthrough.out").toFile());
            script.environment().put("TOKEN", token);
            script.environment().put("BASE", service.baseUrl());
            script.environment().put("PROCESS_ID", processId);
            java.lang.Process run = script.start();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(dataDir.resolve("walkthrough.out"));

            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("\"current_status\":\"completed\"", "\"token\":\"htk_");
            assertThat(output.lines())
                    .as("each call's status on a line of its own")
                    .contains("201", "200", "409");
            JsonNode process = new Api(service.baseUrl())
                    .get("/api/v1/processes/" + processId, token)
                    .json();
            assertThat(process.path("status").asText()).isEqualTo("completed");
            assertThat(process.path("timeline").findValuesAsText("status"))
                    .containsExactly("completed", "completed", "completed");
            assertThat(process.path("timeline").get(1).path("attempt").asInt()).isEqualTo(2);
        }
    }
}
