package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A damaged H2 file says so. Random bytes are written into a closed store (as a failing disk or a careless copy
 * might); then the service either refuses to start with the store's own message, or it starts and, once the store
 * check or a reader meets the damage, reports readiness DOWN with the store's message in the log, while /verify
 * answers every process without a 500 and the export ends with an error line the verifier reports. Noise that lands
 * inside a stored value may pass the store's checks: then the hash chain names each event it changed.
 */
class DamagedStoreIT {

    private static final String TOKEN = TokenSecrets.generate();
    private static final int PROCESSES = 120;

    @Test
    void aDamagedStoreIsReportedNeverServedAsHealthy() throws Exception {
        Path clean = Files.createTempDirectory(Path.of("target"), "damaged-store-");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        List<String> processes = new ArrayList<>();
        try (PackagedService service = PackagedService.start(clean, port, TOKEN, "clean")) {
            for (int i = 0; i < PROCESSES; i++) {
                String id = api.post(
                                "/api/v1/processes",
                                TOKEN,
                                Map.of(
                                        "namespace",
                                        "damage",
                                        "name",
                                        "p" + i,
                                        "steps",
                                        List.of(Map.of("key", "a", "label", "A"))))
                        .text("process_id");
                assertThat(api.post(
                                        "/api/v1/processes/" + id + "/update",
                                        TOKEN,
                                        "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":" + data(i) + "}")
                                .status())
                        .isEqualTo(200);
                processes.add(id);
            }
            service.stop();
        }
        compact(clean);

        // the last tenth holds the newest chunks, the store's own map among them: it may refuse to open at all
        startOnDamage(damagedCopy(clean, 0.9, 20), port, api, processes);
        // the middle holds older data only: the service starts and must find the damage itself
        assertThat(startOnDamage(damagedCopy(clean, 0.45, 200), port, api, processes))
                .as("damage in the middle of the file is found while the service runs")
                .isTrue();
    }

    /**
     * Rewrites the stopped store with only its live data. A file in use also holds chunks the store no longer reads
     * (their space is reused by later commits); noise there damages nothing, so it would leave this test nothing to
     * find. Compacted, every block of the file's middle holds data the service reads.
     */
    private static void compact(Path dataDir) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath(), "ledger", "");
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        }
    }

    /**
     * 15,000 random hex digits, different for every process: the store compresses its pages, and the old data must
     * fill most of the file as it does in use.
     */
    private static String data(int process) {
        byte[] bytes = new byte[7_500];
        new Random(20261130L + process).nextBytes(bytes);
        return "{\"blob\":\"" + HexFormat.of().formatHex(bytes) + "\"}";
    }

    /** A copy of the store with {@code runs} runs of 16 random bytes at random places in one tenth of the file. */
    private static Path damagedCopy(Path clean, double from, int runs) throws Exception {
        Path copy = Files.createTempDirectory(Path.of("target"), "damaged-store-copy-");
        Files.copy(clean.resolve("ledger.mv.db"), copy.resolve("ledger.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        Random random = new Random(20261130L + runs);
        try (RandomAccessFile store =
                new RandomAccessFile(copy.resolve("ledger.mv.db").toFile(), "rw")) {
            long size = store.length();
            for (int i = 0; i < runs; i++) {
                byte[] noise = new byte[16];
                random.nextBytes(noise);
                store.seek((long) (size * from) + random.nextLong(size / 10 - noise.length));
                store.write(noise);
            }
        }
        return copy;
    }

    /** Starts on the damaged copy and checks what it says; true when it ran and reported the damage. */
    private static boolean startOnDamage(Path dataDir, int port, Api api, List<String> processes) throws Exception {
        String jar = System.getProperty("ledger.it.jar", "target/process-ledger.jar");
        Path log = dataDir.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Daxoniq.update-checker.disabled=true",
                        "-jar",
                        jar,
                        "--server.port=" + port,
                        "--ledger.data-dir=" + dataDir.toAbsolutePath())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LEDGER_BOOTSTRAP_TOKEN", TOKEN);
        java.lang.Process service = builder.start();
        try {
            if (!answers(service, api)) {
                assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(service.exitValue())
                        .as("a service that cannot open its store stops")
                        .isNotZero();
                assertThat(Files.readString(log))
                        .as("the store's own message is in the log")
                        .contains("org.h2");
                return false;
            }
            JsonNode readiness = awaitReadinessDown(api);
            for (String id : processes) {
                Api.Response verify = api.get("/api/v1/processes/" + id + "/verify", TOKEN);
                assertThat(verify.status())
                        .as("verify of %s: %s", id, verify.raw().body())
                        .isIn(200, 503);
            }
            Api.Response export = api.get("/api/v1/audit/export", TOKEN);
            assertThat(export.status()).isEqualTo(200);
            Path exported = dataDir.resolve("export.ndjson");
            Files.writeString(exported, export.raw().body(), StandardCharsets.UTF_8);
            java.lang.Process verifier = new ProcessBuilder("python3", "docs/verify-export.py", exported.toString())
                    .redirectErrorStream(true)
                    .start();
            String verified = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(verified)
                    .as("the verifier ran to its end")
                    .contains("processes,")
                    .doesNotContain("Traceback");
            if (readiness == null) {
                // The store noticed nothing. Noise inside a stored value can pass its checks; the hash chain still
                // names every event it changed, in the export and in /verify.
                List<String> failures = verified.lines()
                        .filter(line -> line.startsWith("FAIL "))
                        .toList();
                assertThat(verifier.exitValue())
                        .as("the export verifies, or names what the store missed: %s", verified)
                        .isEqualTo(failures.isEmpty() ? 0 : 1);
                for (String failure : failures) {
                    assertThat(failure).contains("content does not match its hash");
                    String id = failure.replaceFirst(".*\\(process ([0-9a-f-]{36}),.*", "$1");
                    assertThat(api.get("/api/v1/processes/" + id + "/verify", TOKEN)
                                    .json()
                                    .path("valid")
                                    .asBoolean())
                            .as("/verify of %s", id)
                            .isFalse();
                }
                return false;
            }
            assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
            // the store's own message: an MVStore read error, or H2's message with its error code
            assertThat(Files.readString(log))
                    .contains("The store reports damage")
                    .containsPattern("org\\.h2\\.mvstore|\\[90\\d{3}-\\d+]");
            if (export.raw().body().contains("\"error\"")) {
                assertThat(verifier.exitValue()).isEqualTo(1);
                assertThat(verified).contains("the export ended early");
            }
            return true;
        } finally {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Whether the service comes to answer HTTP (healthy or not) before it exits. */
    private static boolean answers(java.lang.Process service, Api api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline) && service.isAlive()) {
            try {
                api.get("/actuator/health/liveness", null);
                return true;
            } catch (RuntimeException notYet) {
                Thread.sleep(250);
            }
        }
        return false;
    }

    /** The readiness answer once DOWN, or null if it stays UP for 30 seconds (the store check has run by then). */
    private static JsonNode awaitReadinessDown(Api api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Api.Response readiness = api.get("/actuator/health/readiness", null);
            if (readiness.json().path("status").asText().equals("DOWN")) {
                return readiness.json();
            }
            Thread.sleep(250);
        }
        return null;
    }
}
