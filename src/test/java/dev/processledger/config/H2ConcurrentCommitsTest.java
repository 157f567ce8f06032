package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The embedded store's URL settings (application.properties) hold up under many concurrent commits. With
 * {@code RETENTION_TIME=0} and H2's automatic ANALYZE, 16 connections committing single-row inserts failed a commit
 * with "Chunk ... not found" within 8 s in 6 of 8 runs (docs/performance.md); a stress test, so it can pass by luck
 * against that setting, but not often.
 */
class H2ConcurrentCommitsTest {

    @Test
    void sixteenConnectionsCommitForTwelveSecondsWithoutAStoreError() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "h2-commits-");
        String url = "jdbc:h2:file:" + dir.toAbsolutePath() + "/ledger;" + serviceSettings();
        try (Connection setup = DriverManager.getConnection(url, "ledger", "");
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE commits (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
        }
        String payload = "x".repeat(900);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        long[] committed = new long[16];
        for (int t = 0; t < 16; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, "ledger", "")) {
                    connection.setAutoCommit(false);
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO commits VALUES (?, ?)");
                    for (long i = (long) index << 40; running.get(); i++) {
                        insert.setLong(1, i);
                        insert.setString(2, payload);
                        insert.executeUpdate();
                        connection.commit();
                        committed[index]++;
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(12_000);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).as("store errors under concurrent commits").isEmpty();
        assertThat(Arrays.stream(committed).sum()).as("commits made").isGreaterThan(1000);
    }

    /** The options of the service's own H2 URL, after the database name. */
    private static String serviceSettings() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = H2ConcurrentCommitsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String url = properties.getProperty("spring.datasource.url");
        return url.substring(url.indexOf(';') + 1);
    }
}
