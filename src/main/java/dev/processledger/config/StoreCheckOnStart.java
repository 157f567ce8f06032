package dev.processledger.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On the embedded store, reads every row of every table once after start-up, in the background, so damage in
 * pages nothing has read yet is found (and readiness goes DOWN, see {@link StoreIntegrity}) before a reader or
 * auditor trips over it. PostgreSQL checks its own pages; there this does nothing.
 */
@Component
@ConditionalOnProperty(name = "ledger.store-check-on-start", havingValue = "true", matchIfMissing = true)
class StoreCheckOnStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StoreCheckOnStart.class);

    private final JdbcTemplate jdbc;
    private final StoreIntegrity integrity;
    private volatile boolean finished;

    StoreCheckOnStart(JdbcTemplate jdbc, StoreIntegrity integrity) {
        this.jdbc = jdbc;
        this.integrity = integrity;
    }

    @Override
    public void run(ApplicationArguments args) {
        String product = jdbc.execute((Connection c) -> c.getMetaData().getDatabaseProductName());
        if (!"H2".equals(product)) {
            finished = true;
            return;
        }
        Thread check = new Thread(this::readEverything, "store-check");
        check.setDaemon(true);
        check.setPriority(Thread.MIN_PRIORITY);
        check.start();
    }

    private void readEverything() {
        long started = System.nanoTime();
        long[] rows = {0};
        try {
            List<String> tables = jdbc.queryForList("""
                    SELECT table_name FROM information_schema.tables
                    WHERE table_schema = 'PUBLIC' AND table_type = 'BASE TABLE' ORDER BY table_name""", String.class);
            jdbc.execute((Connection connection) -> {
                try (Statement statement = connection.createStatement()) {
                    // rows stream from the store instead of being gathered into a result first
                    statement.execute("SET LAZY_QUERY_EXECUTION TRUE");
                    try {
                        for (String table : tables) {
                            try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                                int columns = rs.getMetaData().getColumnCount();
                                while (rs.next()) {
                                    for (int column = 1; column <= columns; column++) {
                                        rs.getObject(column);
                                    }
                                    rows[0]++;
                                }
                            }
                        }
                    } finally {
                        statement.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
                return null;
            });
            log.info("Store check: read {} rows of {} tables in {} ms, no damage found", rows[0], tables.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException failure) {
            if (!integrity.report(failure)) {
                log.warn("Store check stopped after {} rows: {}", rows[0], failure.getClass().getName());
            }
        } finally {
            finished = true;
        }
    }

    /** Whether the check has read everything or stopped (at once where there is nothing to check). */
    boolean finished() {
        return finished;
    }
}
