package dev.processledger.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The packaged jar running as a separate JVM, as a user runs it; its output goes to a log in its data dir. */
public final class PackagedService implements AutoCloseable {

    private final java.lang.Process process;
    private final int port;

    private PackagedService(java.lang.Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar on the data directory and port and waits until it reports healthy. */
    public static PackagedService start(Path dataDir, int port, String bootstrapToken, String logName)
            throws IOException, InterruptedException {
        return start(dataDir, port, bootstrapToken, logName, "256m");
    }

    /** Starts the jar with the given maximum heap ({@code -Xmx}). */
    public static PackagedService start(
            Path dataDir, int port, String bootstrapToken, String logName, String heap, String... arguments)
            throws IOException, InterruptedException {
        String jar = System.getProperty("ledger.it.jar", "target/process-ledger.jar");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Daxoniq.update-checker.disabled=true",
                "-jar",
                jar,
                "--server.port=" + port,
                "--ledger.data-dir=" + dataDir.toAbsolutePath()));
        command.addAll(java.util.List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(logName + ".log").toFile());
        builder.environment().put("LEDGER_BOOTSTRAP_TOKEN", bootstrapToken);
        PackagedService service = new PackagedService(builder.start(), port);
        service.awaitHealthy(dataDir);
        return service;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGTERM: a graceful stop, as an operator's service manager does it. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("graceful stop").isTrue();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of a SIGKILLed JVM").isEqualTo(137);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void awaitHealthy(Path dataDir) throws InterruptedException {
        Api api = new Api(baseUrl());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive())
                    .as("service exited during start-up; see logs in %s", dataDir)
                    .isTrue();
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // keep polling until the deadline
            }
            Thread.sleep(250);
        }
        throw new AssertionError("service did not become healthy in time; see logs in " + dataDir);
    }
}
