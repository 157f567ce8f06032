import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The store's raw commit rate: single-row INSERT + COMMIT, as fast as it goes, on CONNECTIONS connections for SECONDS,
 * into a table of its own (created here, dropped at the end). The row is about the size of a progress update's event.
 *
 * <pre>java -cp DRIVER.jar bench/RawCommit.java JDBC_URL USER CONNECTIONS SECONDS</pre>
 * Prints {@code raw commits/s: N}.
 */
public class RawCommit {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        try (Connection setup = DriverManager.getConnection(url, user, "");
                Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS raw_commit_bench");
            statement.execute("CREATE TABLE raw_commit_bench (id BIGINT PRIMARY KEY, payload VARCHAR(1000))");
        }
        String payload = "{\"process_id\":\"6f1c2a8e-0f57-4c1e-9d55-2b7f9f0b1a01\",\"step\":\"work\",\"message\":null,"
                + "\"percent\":50,\"at\":\"2026-11-30T10:00:00.125Z\"}".repeat(3);
        LongAdder commits = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            long base = (long) t << 40;
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, user, "")) {
                    connection.setAutoCommit(false);
                    PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO raw_commit_bench (id, payload) VALUES (?, ?)");
                    for (long i = base; running.get(); i++) {
                        insert.setLong(1, i);
                        insert.setString(2, payload);
                        insert.executeUpdate();
                        connection.commit();
                        if (measuring.get()) {
                            commits.increment();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(2000); // warm-up
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = commits.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        try (Connection setup = DriverManager.getConnection(url, user, "");
                Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE raw_commit_bench");
        }
        System.out.printf("raw commits/s: %.0f%n", counted / elapsed);
    }
}
