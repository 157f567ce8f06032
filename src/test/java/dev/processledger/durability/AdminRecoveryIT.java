package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An operator who lost every admin token gets a new one from the packaged jar's {@code admin issue-token} command:
 * refused with a clear message while the service holds the H2 file, then issued once it is stopped. A bootstrap
 * token set on a store that already has data is reported as ignored.
 */
class AdminRecoveryIT {

    private static final String LOST = TokenSecrets.generate();

    private record Run(int exit, String out, String err) {}

    @Test
    void aLostAdminTokenIsReplacedByTheRecoveryCommand() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "recovery-test-");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        try (PackagedService running = PackagedService.start(dataDir, port, LOST, "first")) {
            Run whileRunning = admin(dataDir, "issue-token", "--org", "default", "--name", "recovery");

            assertThat(whileRunning.exit()).isEqualTo(2);
            assertThat(whileRunning.err()).contains("in use by a running service", "Stop the service");
            assertThat(whileRunning.out()).doesNotContain("htk_");
            running.stop();
        }

        Run recovered = admin(dataDir, "issue-token", "--org", "default", "--name", "recovery");

        assertThat(recovered.exit()).as(recovered.err()).isZero();
        List<String> tokens =
                recovered.out().lines().filter(TokenSecrets::wellFormed).toList();
        assertThat(tokens).as("the new token, alone on its line, once").hasSize(1);
        String otherBootstrap = TokenSecrets.generate();
        try (PackagedService restarted = PackagedService.start(dataDir, port, otherBootstrap, "second")) {
            Api.Response listed = api.get("/api/v1/tokens", tokens.get(0));
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().path("tokens").findValuesAsText("name")).contains("bootstrap", "recovery");
            assertThat(api.get("/api/v1/processes", otherBootstrap).status()).isEqualTo(401);
            assertThat(Files.readString(dataDir.resolve("second.log")))
                    .contains("LEDGER_BOOTSTRAP_TOKEN is ignored", "admin issue-token --org default");
            assertThat(Files.readString(dataDir.resolve("second.log"))).doesNotContain(otherBootstrap);
        }
        assertThat(admin(dataDir, "issue-token", "--org", "nobody", "--name", "x")
                        .exit())
                .isEqualTo(1);
        assertThat(admin(dataDir, "issue-token", "--name", "no organization").exit())
                .isEqualTo(64);
        Run onEmptyStore = admin(
                Files.createTempDirectory(Path.of("target"), "recovery-empty-"),
                "issue-token",
                "--org",
                "default",
                "--name",
                "x");
        assertThat(onEmptyStore.exit()).isEqualTo(1);
        assertThat(onEmptyStore.err()).contains("start the service on it once");
    }

    private static Run admin(Path dataDir, String... arguments) throws IOException, InterruptedException {
        String jar = System.getProperty("ledger.it.jar", "target/process-ledger.jar");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "admin"));
        command.addAll(List.of(arguments));
        command.add("--ledger.data-dir=" + dataDir.toAbsolutePath());
        Path out = Files.createTempFile(dataDir, "admin-out", ".txt");
        Path err = Files.createTempFile(dataDir, "admin-err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("admin command finished")
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
