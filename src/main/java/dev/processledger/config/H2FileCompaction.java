package dev.processledger.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file proportional to its data (docs/decisions.md, "Storage and Axon"). With
 * {@code WRITE_DELAY=0} every commit is written as a chunk of its own before it is acknowledged, and H2 then starts
 * no background writer: that writer is what rewrites chunks holding only a few live pages, so without it nearly every
 * commit left its chunk behind and the file grew by 30-40 KB per update. Every
 * {@code ledger.store-compaction.interval} this takes the writer's compaction step itself: it rewrites the live pages
 * of the emptiest chunks ({@link MVStore#compact}) until the chunks are H2's {@code AUTO_COMPACT_FILL_RATE} (90%)
 * full or {@code max-time} has passed, and later commits reuse the emptied chunks' space ({@code RETENTION_TIME=0}).
 * PostgreSQL and in-memory H2 are left alone.
 * <p>
 * Passes begin once the start-up store check ({@link StoreCheckOnStart}) has read everything, and end for good once
 * the store has reported damage: H2 closes a store whose rewrite meets a damaged page, which would take the
 * undamaged part out of service too; the store check is there to meet damage first.
 * <p>
 * H2's engine classes change between versions: this class holds every use of them.
 */
@Component
class H2FileCompaction implements ApplicationRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);
    /** The most live data one rewrite step moves; a pass takes several until it is done or out of time. */
    private static final int STEP_BYTES = 1024 * 1024;

    private final DataSource dataSource;
    private final StoreIntegrity integrity;
    private final StoreCheckOnStart startupCheck;
    private final Duration interval;
    private final Duration maxTime;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "store-compaction");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failureLogged;

    H2FileCompaction(
            DataSource dataSource,
            StoreIntegrity integrity,
            ObjectProvider<StoreCheckOnStart> startupCheck,
            LedgerProperties properties) {
        this.dataSource = dataSource;
        this.integrity = integrity;
        this.startupCheck = startupCheck.getIfAvailable();
        this.interval = properties.storeCompaction().interval();
        this.maxTime = properties.storeCompaction().maxTime();
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        if (interval.isZero() || !onH2File()) {
            return;
        }
        executor.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean onH2File() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Database database = database(connection);
            return database != null && database.getStore().getMvStore().getFileStore() != null;
        }
    }

    /** The embedded H2 database behind a connection, or null for another database or H2 over the network. */
    private static Database database(Connection connection) throws SQLException {
        return connection.isWrapperFor(JdbcConnection.class)
                        && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                ? local.getDatabase()
                : null;
    }

    /**
     * One compaction pass. The store is looked up through a pooled connection held for the pass, so the database
     * stays open while it runs.
     */
    private void pass() {
        if (integrity.damaged() || startupCheck != null && !startupCheck.finished()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Database database = database(connection);
            MVStore store = database.getStore().getMvStore();
            int fillRate = database.getSettings().autoCompactFillRate;
            long deadline = System.nanoTime() + maxTime.toNanos();
            while (System.nanoTime() < deadline && store.compact(fillRate, STEP_BYTES)) {
                // the chunks are not full enough yet and the last step moved something: take another
            }
        } catch (Exception failure) {
            // an escaping exception would end the schedule; damage is reported, anything else logged once
            if (!integrity.report(failure) && !failureLogged) {
                failureLogged = true;
                log.warn("A store compaction pass failed (later passes still run): {}", failure.toString());
            }
        }
    }

    /** Lets a running pass finish (at most max-time) before the database closes; never interrupts H2's file I/O. */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(maxTime.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }
}
