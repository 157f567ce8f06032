import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Seeds an H2 ledger (service stopped) with N audit rows of organization 'default': ten events per process, hashes
 * that chain, consecutive positions, all an hour old so digests may cover them; only what digests and proofs read.
 * Prints "prove PROCESS SEQUENCE" for the first, middle and last rows.
 * <pre>java -cp h2.jar bench/SeedAudit.java DATA_DIR/ledger N</pre>
 */
public class SeedAudit {

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[1]);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        Instant at = Instant.now().minusSeconds(3600);
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + args[0], "ledger", "")) {
            db.setAutoCommit(false);
            long offset;
            try (var rs = db.createStatement().executeQuery("SELECT COALESCE(MAX(global_index), 0) FROM event_audit")) {
                rs.next();
                offset = rs.getLong(1) + 1000;
            }
            try (PreparedStatement insert = db.prepareStatement("""
                    INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                        occurred_at, hash, prev_hash, content) VALUES (?, ?, ?, 'default', 'default.bench', ?, ?, ?, '{}')""")) {
                String process = null;
                String previous = null;
                for (long i = 0; i < n; i++) {
                    if (i % 10 == 0) {
                        process = UUID.randomUUID().toString();
                        previous = null;
                    }
                    String hash = HexFormat.of().formatHex(sha256.digest((process + i).getBytes()));
                    insert.setString(1, process);
                    insert.setLong(2, i % 10);
                    insert.setLong(3, offset + i);
                    insert.setObject(4, at.atOffset(ZoneOffset.UTC));
                    insert.setString(5, hash);
                    insert.setString(6, previous);
                    insert.addBatch();
                    previous = hash;
                    if (i == 0 || i == n / 2 || i == n - 1) {
                        System.out.println("prove " + process + " " + (i % 10));
                    }
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                        db.commit();
                    }
                }
                insert.executeBatch();
                // events appended later take positions after the seeded ones, as they would in a real ledger
                db.createStatement().execute("ALTER TABLE domain_event_entry ALTER COLUMN global_index RESTART WITH "
                        + (offset + n + 1));
                db.commit();
            }
            System.out.println("seeded " + n + " audit rows");
        }
    }
}
