import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a large history straight into a stopped ledger's event store (H2 file or PostgreSQL), in the stored format of
 * the process events (Jackson JSON, revision 1), so the analytics projection has something big to replay. Processes of
 * organization {@code default}, spread over 10 namespaces x 10 names and the last 30 days: three steps each (build;
 * test with progress and a retry in 1 of 10; deploy with progress, performed by a person in 1 of 5), and a completion,
 * or in 1 of 10 a failed deploy and a failed process. About 10.2 events per process. Only domain_event_entry is
 * written (no audit records, no process view): this history is for analytics only.
 *
 * <pre>java -cp H2_OR_PG_JAR bench/SeedAnalytics.java JDBC_URL USER PROCESSES</pre>
 */
public class SeedAnalytics {

    private static final String PACKAGE = "dev.processledger.process.api.";
    private static final long SPAN_MS = 30L * 24 * 3600 * 1000;

    private static PreparedStatement insert;
    private static String processId;
    private static long sequence;
    private static long events;

    public static void main(String[] args) throws Exception {
        int processes = Integer.parseInt(args[2]);
        Random random = new Random(1);
        long end = Instant.now().toEpochMilli() - 3_600_000L;
        long start = end - SPAN_MS;
        long began = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(args[0], args[1], "")) {
            connection.setAutoCommit(false);
            insert = connection.prepareStatement("""
                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 'Process', ?, ?, '1', ?, ?)""");
            for (int p = 0; p < processes; p++) {
                processId = UUID.randomUUID().toString();
                sequence = 0;
                long at = start + (long) ((double) p / processes * SPAN_MS);
                int namespace = random.nextInt(10);
                boolean human = random.nextInt(5) == 0;
                event(at, "ProcessCreatedEvent", "{\"processId\":\"" + processId + "\",\"orgId\":\"default\","
                        + "\"definition\":{\"namespace\":\"default.team-" + namespace + "\",\"name\":\"service-"
                        + namespace + "-" + random.nextInt(10) + "\",\"description\":null,\"steps\":["
                        + "{\"key\":\"build\",\"label\":\"Build\",\"human\":false},"
                        + "{\"key\":\"test\",\"label\":\"Test\",\"human\":false},"
                        + "{\"key\":\"deploy\",\"label\":\"Deploy\",\"human\":" + human + "}],"
                        + "\"staleAfterSeconds\":null},\"at\":\"" + Instant.ofEpochMilli(at) + "\"}");
                at = started(at, "build", 1, random);
                at = completed(at + 1000 + random.nextInt(120_000), "build", 1);
                at = started(at, "test", 1, random);
                at = progressed(at + random.nextInt(30_000), "test");
                int attempt = 1;
                if (random.nextInt(10) == 0) {
                    at += random.nextInt(60_000);
                    event(at, "StepFailedEvent", "{\"processId\":\"" + processId + "\",\"step\":\"test\",\"attempt\":1,"
                            + "\"error\":\"flaky\",\"at\":\"" + Instant.ofEpochMilli(at) + "\"}");
                    attempt = 2;
                    at = started(at, "test", 2, random);
                }
                at = completed(at + random.nextInt(300_000), "test", attempt);
                at = started(at, "deploy", 1, random);
                at = progressed(at + random.nextInt(30_000), "deploy");
                at += (human ? 600_000 : 0) + random.nextInt(600_000);
                if (random.nextInt(10) == 0) {
                    event(at, "StepFailedEvent", "{\"processId\":\"" + processId + "\",\"step\":\"deploy\",\"attempt\":1,"
                            + "\"error\":\"rollout\",\"at\":\"" + Instant.ofEpochMilli(at) + "\"}");
                    event(at, "ProcessFailedEvent", "{\"processId\":\"" + processId + "\",\"error\":\"rollout\",\"at\":\""
                            + Instant.ofEpochMilli(at) + "\"}");
                } else {
                    completed(at, "deploy", 1);
                    event(at, "ProcessCompletedEvent", "{\"processId\":\"" + processId + "\",\"summary\":null,\"at\":\""
                            + Instant.ofEpochMilli(at) + "\"}");
                }
                if (p % 1000 == 999) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        System.out.printf("seeded processes=%d events=%d seconds=%.1f%n", processes, events,
                (System.nanoTime() - began) / 1e9);
    }

    private static long started(long at, String step, int attempt, Random random) throws Exception {
        long when = at + random.nextInt(5_000);
        event(when, "StepStartedEvent", "{\"processId\":\"" + processId + "\",\"step\":\"" + step + "\",\"attempt\":"
                + attempt + ",\"detail\":null,\"at\":\"" + Instant.ofEpochMilli(when) + "\"}");
        return when;
    }

    private static long completed(long at, String step, int attempt) throws Exception {
        event(at, "StepCompletedEvent", "{\"processId\":\"" + processId + "\",\"step\":\"" + step + "\",\"attempt\":"
                + attempt + ",\"detail\":null,\"data\":null,\"at\":\"" + Instant.ofEpochMilli(at) + "\"}");
        return at;
    }

    private static long progressed(long at, String step) throws Exception {
        event(at, "StepProgressedEvent", "{\"processId\":\"" + processId + "\",\"step\":\"" + step
                + "\",\"message\":\"working\",\"percent\":50,\"at\":\"" + Instant.ofEpochMilli(at) + "\"}");
        return at;
    }

    private static void event(long at, String type, String payload) throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, processId);
        insert.setLong(3, sequence++);
        insert.setString(4, Instant.ofEpochMilli(at).toString());
        insert.setString(5, PACKAGE + type);
        insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
        insert.setBytes(7, "{}".getBytes(StandardCharsets.UTF_8));
        insert.addBatch();
        events++;
    }
}
