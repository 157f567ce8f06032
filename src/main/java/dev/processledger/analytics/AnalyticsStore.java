package dev.processledger.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes the analytics model: loads what a batch needs and writes a batch's changes in the batch's transaction.
 * A batch's hourly changes are also added to the buckets of their UTC days. A namespace's events all run in one
 * segment (NamespaceSequencing), so no two segments share a bucket; each is still locked before it is changed, in key
 * order, which keeps a bucket right (and free of deadlocks) while segments are split, merged or change hands. New
 * buckets are inserted in the batch's own transaction: should two segments create the same bucket at once (only while
 * a segment changes hands), the second batch fails on the primary key, rolls back with its token and is tried again,
 * and then finds the bucket.
 */
@Repository
class AnalyticsStore implements AnalyticsBatch.Loader {

    private static final ObjectMapper TRACKS =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Hours one locking read names; a batch's groups seldom span more. */
    private static final int HOURS_PER_LOCK = 8;

    private final JdbcTemplate jdbc;

    AnalyticsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        List<Object[]> newProcessBuckets = new ArrayList<>();
        List<Object[]> changedProcessBuckets = new ArrayList<>();
        Map<ProcessBucket.Key, ProcessBucket> storedProcessBuckets =
                lockProcessBuckets(processBuckets.navigableKeySet());
        processBuckets.forEach((key, change) -> {
            Optional<ProcessBucket> stored = Optional.ofNullable(storedProcessBuckets.get(key));
            stored.ifPresent(bucket -> bucket.merge(change));
            ProcessBucket bucket = stored.orElse(change);
            (stored.isPresent() ? changedProcessBuckets : newProcessBuckets).add(new Object[] {
                bucket.started,
                bucket.completed,
                bucket.failed,
                bucket.duration.encode(),
                bucket.leadTime.encode(),
                bucket.restore.encode(),
                key.org(),
                key.namespace(),
                key.span(),
                key.hour()
            });
        });
        jdbc.batchUpdate("""
                INSERT INTO analytics_process_bucket (started, completed, failed, duration, lead_time, restore, org_id,
                    namespace, span_ms, hour_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", newProcessBuckets);
        jdbc.batchUpdate("""
                UPDATE analytics_process_bucket SET started = ?, completed = ?, failed = ?, duration = ?, lead_time = ?,
                    restore = ? WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ?""", changedProcessBuckets);
        List<Object[]> newStepBuckets = new ArrayList<>();
        List<Object[]> changedStepBuckets = new ArrayList<>();
        Map<StepBucket.Key, StepBucket> storedStepBuckets = lockStepBuckets(stepBuckets.navigableKeySet());
        stepBuckets.forEach((key, change) -> {
            Optional<StepBucket> stored = Optional.ofNullable(storedStepBuckets.get(key));
            stored.ifPresent(bucket -> bucket.merge(change));
            StepBucket bucket = stored.orElse(change);
            (stored.isPresent() ? changedStepBuckets : newStepBuckets).add(new Object[] {
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
                key.step()
            });
        });
        jdbc.batchUpdate("""
                INSERT INTO analytics_step_bucket (runs, attempts, retried, completed, failed, timed_out, skipped,
                    cancelled, duration, human_wait, org_id, namespace, span_ms, hour_start, step)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", newStepBuckets);
        jdbc.batchUpdate("""
                UPDATE analytics_step_bucket SET runs = ?, attempts = ?, retried = ?, completed = ?, failed = ?,
                    timed_out = ?, skipped = ?, cancelled = ?, duration = ?, human_wait = ?
                WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start = ? AND step = ?""", changedStepBuckets);
    }

    /**
     * Locks and reads the stored buckets among {@code keys}, by organization, namespace and span (a batch touches a
     * few of those, and a few hours of each), in key order.
     */
    private Map<ProcessBucket.Key, ProcessBucket> lockProcessBuckets(Collection<ProcessBucket.Key> keys) {
        Map<ProcessBucket.Key, ProcessBucket> stored = new HashMap<>();
        lockHours(
                "SELECT started, completed, failed, duration, lead_time, restore, hour_start "
                        + "FROM analytics_process_bucket WHERE org_id = ? AND namespace = ? AND span_ms = ? AND hour_start IN ("
                        + marks(HOURS_PER_LOCK) + ") ORDER BY hour_start FOR UPDATE",
                keys,
                key -> List.<Object>of(key.org(), key.namespace(), key.span()),
                ProcessBucket.Key::hour,
                (key, rs) -> stored.put(
                        new ProcessBucket.Key(key.org(), key.namespace(), key.span(), rs.getLong(7)),
                        AnalyticsRows.processBucket(rs)));
        return stored;
    }

    /** As {@link #lockProcessBuckets}: every step of the hours concerned, of which the batch uses those it touches. */
    private Map<StepBucket.Key, StepBucket> lockStepBuckets(Collection<StepBucket.Key> keys) {
        Map<StepBucket.Key, StepBucket> stored = new HashMap<>();
        lockHours(
                "SELECT runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, "
                        + "human_wait, hour_start, step FROM analytics_step_bucket WHERE org_id = ? AND namespace = ? "
                        + "AND span_ms = ? AND hour_start IN (" + marks(HOURS_PER_LOCK)
                        + ") ORDER BY hour_start, step FOR UPDATE",
                keys,
                key -> List.<Object>of(key.org(), key.namespace(), key.span()),
                StepBucket.Key::hour,
                (key, rs) -> stored.put(
                        new StepBucket.Key(key.org(), key.namespace(), key.span(), rs.getLong(11), rs.getString(12)),
                        AnalyticsRows.stepBucket(rs)));
        return stored;
    }

    /** What to do with a row read for a group of keys (of which {@code key} is the first). */
    private interface RowReader<K> {
        void read(K key, ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code select}, prepared once, for each group of {@code keys} and each {@link #HOURS_PER_LOCK} of its
     * hours: the group's parameters first, then the hours (a short chunk repeats its last hour). One statement text
     * whatever the number of hours, so H2 parses it once per batch instead of once per group.
     */
    private <K> void lockHours(
            String select,
            Collection<K> keys,
            Function<K, List<Object>> groupOf,
            ToLongFunction<K> hourOf,
            RowReader<K> reader) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                for (List<K> group : groups(keys, groupOf)) {
                    List<Object> head = groupOf.apply(group.get(0));
                    long[] hours = group.stream().mapToLong(hourOf).distinct().toArray();
                    for (int from = 0; from < hours.length; from += HOURS_PER_LOCK) {
                        for (int i = 0; i < head.size(); i++) {
                            statement.setObject(i + 1, head.get(i));
                        }
                        for (int i = 0; i < HOURS_PER_LOCK; i++) {
                            statement.setLong(head.size() + i + 1, hours[Math.min(from + i, hours.length - 1)]);
                        }
                        try (ResultSet rs = statement.executeQuery()) {
                            while (rs.next()) {
                                reader.read(group.get(0), rs);
                            }
                        }
                    }
                }
            }
            return null;
        });
    }

    /** Consecutive runs of {@code sorted} with the same {@code by}. */
    private static <K> List<List<K>> groups(Collection<K> sorted, Function<K, ?> by) {
        List<List<K>> groups = new ArrayList<>();
        Object current = null;
        for (K key : sorted) {
            Object group = by.apply(key);
            if (groups.isEmpty() || !group.equals(current)) {
                groups.add(new ArrayList<>());
                current = group;
            }
            groups.get(groups.size() - 1).add(key);
        }
        return groups;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
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
