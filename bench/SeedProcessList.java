import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Fills a stopped ledger's read model (process_view, process_step_view) with N processes of organization 'default',
 * what the console's list reads: 10 namespaces x 50 names over the last 30 days, three steps each, 1 in 10 failed,
 * 1 in 20 still running. No events are written: this history is for the list only (it cannot be opened in the audit
 * view or rebuilt).
 *
 * <pre>java -cp h2.jar bench/SeedProcessList.java JDBC_URL USER PROCESSES</pre>
 */
public class SeedProcessList {

    private static final String[] STEPS = {"build", "test", "deploy"};

    public static void main(String[] args) throws Exception {
        int processes = Integer.parseInt(args[2]);
        Random random = new Random(7);
        long end = Instant.now().toEpochMilli() - 60_000;
        long span = 30L * 24 * 3600 * 1000;
        long began = System.nanoTime();
        try (Connection db = DriverManager.getConnection(args[0], args[1], "")) {
            db.setAutoCommit(false);
            PreparedStatement view = db.prepareStatement("""
                    INSERT INTO process_view (process_id, org_id, namespace, name, status, current_step, step_count,
                        started_at, completed_at, updated_at, error, version)
                    VALUES (?, 'default', ?, ?, ?, ?, 3, ?, ?, ?, ?, ?)""");
            PreparedStatement step = db.prepareStatement("""
                    INSERT INTO process_step_view (process_id, step_key, step_index, label, human, status, attempt,
                        started_at, completed_at, duration_ms)
                    VALUES (?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?)""");
            for (int p = 0; p < processes; p++) {
                UUID id = UUID.randomUUID();
                long started = end - span + (long) ((double) p / processes * span);
                int kind = random.nextInt(20);
                String status = kind == 0 ? "running" : kind < 3 ? "failed" : "completed";
                long finished = started + 60_000 + random.nextInt(1_800_000);
                int namespace = random.nextInt(10);
                view.setObject(1, id);
                view.setString(2, "default.team-" + namespace);
                view.setString(3, "service-" + namespace + "-" + random.nextInt(50) + " release");
                view.setString(4, status);
                view.setString(5, status.equals("running") ? "deploy" : null);
                view.setTimestamp(6, new Timestamp(started));
                view.setTimestamp(7, status.equals("running") ? null : new Timestamp(finished));
                view.setTimestamp(8, new Timestamp(finished));
                view.setString(9, status.equals("failed") ? "rollout failed" : null);
                view.setLong(10, 8);
                view.addBatch();
                for (int s = 0; s < STEPS.length; s++) {
                    boolean last = s == STEPS.length - 1;
                    String stepStatus = last && status.equals("running") ? "running"
                            : last && status.equals("failed") ? "failed" : "completed";
                    long stepStart = started + (finished - started) * s / 3;
                    long stepEnd = started + (finished - started) * (s + 1) / 3;
                    step.setObject(1, id);
                    step.setString(2, STEPS[s]);
                    step.setInt(3, s);
                    step.setString(4, Character.toUpperCase(STEPS[s].charAt(0)) + STEPS[s].substring(1));
                    step.setString(5, stepStatus);
                    step.setInt(6, 1);
                    step.setTimestamp(7, new Timestamp(stepStart));
                    step.setTimestamp(8, stepStatus.equals("running") ? null : new Timestamp(stepEnd));
                    if (stepStatus.equals("running")) step.setNull(9, java.sql.Types.BIGINT);
                    else step.setLong(9, stepEnd - stepStart);
                    step.addBatch();
                }
                if (p % 2000 == 1999) {
                    view.executeBatch();
                    step.executeBatch();
                    db.commit();
                }
            }
            view.executeBatch();
            step.executeBatch();
            db.commit();
        }
        System.out.printf("seeded read model: processes=%d seconds=%.1f%n", processes, (System.nanoTime() - began) / 1e9);
    }
}
