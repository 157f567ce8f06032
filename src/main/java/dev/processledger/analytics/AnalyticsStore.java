package dev.processledger.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the analytics model: loads what a batch needs and writes a batch's changes in the batch's transaction.
 * A batch's hourly changes are also added to the buckets of their UTC days. A namespace's events all run in one
 * segment (NamespaceSequencing), so no two segments share a bucket; each is still locked before it is changed, in key
 * order, which keeps a bucket right (and free of deadlocks) while segments are split, merged or change hands.
 */
@Repository
class AnalyticsStore implements AnalyticsBatch.Loader {

    private static final ObjectMapper TRACKS =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate separately;

    AnalyticsStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactions);
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public ProcessTrack process(String processId) {
        List<String> state =
                jdbc.queryForList("SELECT state FROM analytics_process WHERE process_id = ?", String.class, processId);
        if (state.isEmpty()) {
            return null;
        }
        try {
            return TRACKS.readValue(state.get(0), ProcessTrack.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable analytics state of process " + processId, e);
        }
    }

    @Override
    public Series series(Series.Key key) {
        Series series = new Series();
        jdbc.query(
                "SELECT open_since, open_hour FROM analytics_series WHERE org_id = ? AND namespace = ? AND name = ?",
                rs -> {
                    series.stored = true;
                    series.openSince = (Long) rs.getObject(1, Long.class);
                    series.openHour = (Long) rs.getObject(2, Long.class);
                },
                key.org(),
                key.namespace(),
                key.name());
        return series;
    }

    void flush(AnalyticsBatch batch) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        for (Map.Entry<String, ProcessTrack> entry : batch.processes.entrySet()) {
            Object[] row = {json(entry.getValue()), entry.getKey()};
            (batch.newProcesses.contains(entry.getKey()) ? inserts : updates).add(row);
        }
        jdbc.batchUpdate("INSERT INTO analytics_process (state, process_id) VALUES (?, ?)", inserts);
        jdbc.batchUpdate("UPDATE analytics_process SET state = ? WHERE process_id = ?", updates);
        batch.series.forEach((key, series) -> {
            if (!series.changed) {
                return;
            }
            Object[] args = {series.openSince, series.openHour, key.org(), key.namespace(), key.name()};
            jdbc.update(
                    series.stored
                            ? "UPDATE analytics_series SET open_since = ?, open_hour = ? WHERE org_id = ? AND namespace = ? AND name = ?"
                            : "INSERT INTO analytics_series (open_since, open_hour, org_id, namespace, name) VALUES (?, ?, ?, ?, ?)",
                    args);
        });
        TreeMap<ProcessBucket.Key, ProcessBucket> processBuckets = new TreeMap<>(batch.processBuckets);
        batch.processBuckets.forEach((key, change) -> processBuckets
                .computeIfAbsent(key.day(), k -> new ProcessBucket())
                .merge(change));
        TreeMap<StepBucket.Key, StepBucket> stepBuckets = new TreeMap<>(batch.stepBuckets);
        batch.stepBuckets.forEach((key, change) ->
                stepBuckets.computeIfAbsent(key.day(), k -> new StepBucket()).merge(change));
        processBuckets.forEach(this::addTo);
        stepBuckets.forEach(this::addTo);
    }

    private void addTo(ProcessBucket.Key key, ProcessBucket change) {
        ProcessBucket bucket = lock(key).orElseGet(() -> {
            ensure(
                    "INSERT INTO analytics_process_bucket (org_id, namespace, span_ms, hour_start, started, completed, "
                            + "failed) VALUES (?, ?, ?, ?, 0, 0, 0)",
                    key.org(),
                    key.namespace(),
                    key.span(),
                    key.hour());
            return lock(key).orElseThrow();
        });
        bucket.merge(change);
        jdbc.update(
                """
                UPDATE analytics_process_bucket SET started = ?, completed = ?, failed = ?, duration = ?, lead_time = ?,
                    restore = ? WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ?""",
                bucket.started,
                bucket.completed,
                bucket.failed,
                bucket.duration.encode(),
                bucket.leadTime.encode(),
                bucket.restore.encode(),
                key.org(),
                key.namespace(),
                key.span(),
                key.hour());
    }

    private Optional<ProcessBucket> lock(ProcessBucket.Key key) {
        return jdbc
                .query(
                        """
                SELECT started, completed, failed, duration, lead_time, restore FROM analytics_process_bucket
                WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ? FOR UPDATE""",
                        (rs, n) -> AnalyticsRows.processBucket(rs),
                        key.org(),
                        key.namespace(),
                        key.span(),
                        key.hour())
                .stream()
                .findFirst();
    }

    private void addTo(StepBucket.Key key, StepBucket change) {
        StepBucket bucket = lock(key).orElseGet(() -> {
            ensure(
                    "INSERT INTO analytics_step_bucket (org_id, namespace, span_ms, hour_start, step, runs, attempts, "
                            + "retried, completed, failed, timed_out, skipped, cancelled) "
                            + "VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0)",
                    key.org(),
                    key.namespace(),
                    key.span(),
                    key.hour(),
                    key.step());
            return lock(key).orElseThrow();
        });
        bucket.merge(change);
        jdbc.update(
                """
                UPDATE analytics_step_bucket SET runs = ?, attempts = ?, retried = ?, completed = ?, failed = ?,
                    timed_out = ?, skipped = ?, cancelled = ?, duration = ?, human_wait = ?
                WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ? AND step = ?""",
                bucket.runs,
                bucket.attempts,
                bucket.retried,
                bucket.completed,
                bucket.failed,
                bucket.timedOut,
                bucket.skipped,
                bucket.cancelled,
                bucket.duration.encode(),
                bucket.humanWait.encode(),
                key.org(),
                key.namespace(),
                key.span(),
                key.hour(),
                key.step());
    }

    private Optional<StepBucket> lock(StepBucket.Key key) {
        return jdbc
                .query(
                        """
                SELECT runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, human_wait
                FROM analytics_step_bucket WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ? AND step = ?
                FOR UPDATE""",
                        (rs, n) -> AnalyticsRows.stepBucket(rs),
                        key.org(),
                        key.namespace(),
                        key.span(),
                        key.hour(),
                        key.step())
                .stream()
                .findFirst();
    }

    /**
     * Creates an empty bucket in a transaction of its own, committed at once, so that a segment creating the same
     * bucket at the same moment finds it instead of failing the whole batch.
     */
    private void ensure(String insert, Object... key) {
        try {
            separately.executeWithoutResult(status -> jdbc.update(insert, key));
        } catch (DuplicateKeyException alreadyThere) {
            // another segment created it first: ours to lock now
        }
    }

    /** Forgets the whole model, before a replay from the start of the event store. */
    void clear() {
        for (String table :
                List.of("analytics_step_bucket", "analytics_process_bucket", "analytics_series", "analytics_process")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    private static String json(ProcessTrack track) {
        try {
            return TRACKS.writeValueAsString(track);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
