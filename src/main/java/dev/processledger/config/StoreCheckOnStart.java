package dev.processledger.config;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On the embedded store, reads every row of every table once after start-up (large objects to their last byte),
 * then again through each index, in the background, so damage in pages nothing has read yet is found (and readiness goes DOWN, see {@link StoreIntegrity}) before a reader or
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
            Map<String, Map<String, List<String>>> indexes = indexColumns();
            jdbc.execute((Connection connection) -> {
                try (Statement statement = connection.createStatement()) {
                    // rows stream from the store instead of being gathered into a result first
                    statement.execute("SET LAZY_QUERY_EXECUTION TRUE");
                    try {
                        for (String table : tables) {
                            rows[0] += readAll(statement, "SELECT * FROM " + quoted(table));
                            // through each index too, in its order: an entry whose row the table no longer
                            // finds is damage a scan of the table alone cannot see
                            for (var index :
                                    indexes.getOrDefault(table, Map.of()).entrySet()) {
                                readAll(
                                        statement,
                                        "SELECT * FROM " + quoted(table) + " USE INDEX ("
                                                + quoted(index.getKey()) + ") ORDER BY "
                                                + String.join(
                                                        ", ",
                                                        index.getValue().stream()
                                                                .map(StoreCheckOnStart::quoted)
                                                                .toList()));
                            }
                        }
                    } finally {
                        statement.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
                return null;
            });
            log.info(
                    "Store check: read {} rows of {} tables and their indexes in {} ms, no damage found",
                    rows[0],
                    tables.size(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException failure) {
            if (!integrity.report(failure)) {
                log.warn(
                        "Store check stopped after {} rows: {}",
                        rows[0],
                        failure.getClass().getName());
            }
        } finally {
            finished = true;
        }
    }

    /** Every index's columns in index order, by table and index name. */
    private Map<String, Map<String, List<String>>> indexColumns() {
        Map<String, Map<String, List<String>>> indexes = new LinkedHashMap<>();
        jdbc.query("""
                SELECT table_name, index_name, column_name FROM information_schema.index_columns
                WHERE table_schema = 'PUBLIC' ORDER BY table_name, index_name, ordinal_position""", rs -> {
            indexes.computeIfAbsent(rs.getString(1), table -> new LinkedHashMap<>())
                    .computeIfAbsent(rs.getString(2), index -> new ArrayList<>())
                    .add(rs.getString(3));
        });
        return indexes;
    }

    /** Reads every value of every row, large objects to their last byte; returns the number of rows. */
    private static long readAll(Statement statement, String query) throws SQLException {
        long rows = 0;
        try (ResultSet rs = statement.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int column = 1; column <= columns; column++) {
                    Object value = rs.getObject(column);
                    try {
                        if (value instanceof Blob blob) {
                            blob.getBinaryStream().transferTo(OutputStream.nullOutputStream());
                        } else if (value instanceof Clob clob) {
                            clob.getCharacterStream().transferTo(Writer.nullWriter());
                        }
                    } catch (IOException unreadable) {
                        throw new SQLException("a large object of " + query + " could not be read", unreadable);
                    }
                }
                rows++;
            }
        }
        return rows;
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Whether the check has read everything or stopped (at once where there is nothing to check). */
    boolean finished() {
        return finished;
    }
}
