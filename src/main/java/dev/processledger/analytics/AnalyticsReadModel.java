package dev.processledger.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Reads the buckets of one organization in a range, optionally of one namespace: day buckets for the whole UTC days
 * inside the range, hour buckets for the hours at its edges. A 30-day query reads about 30 + 46 rows per namespace
 * (and step), however many processes those days hold.
 */
@Repository
class AnalyticsReadModel {

    /** The bucket a row that starts at {@code start} adds to. */
    interface ProcessTarget {
        ProcessBucket at(String namespace, long start);
    }

    /** The bucket a row of a (namespace, step) adds to. */
    interface StepTarget {
        StepBucket of(String namespace, String step);
    }

    /** The duration sketches of a process bucket; a question reads only those it answers from. */
    enum Sketch {
        DURATION,
        LEAD_TIME,
        RESTORE
    }

    private final JdbcTemplate jdbc;

    AnalyticsReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds the buckets covering the range exactly once (with {@code hoursOnly} hour buckets alone) to their targets,
     * with the given sketches (the others stay empty).
     */
    void processes(Range range, boolean hoursOnly, Set<Sketch> sketches, ProcessTarget target) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT started, completed, failed, "
                + (sketches.contains(Sketch.DURATION) ? "duration" : "NULL") + ", "
                + (sketches.contains(Sketch.LEAD_TIME) ? "lead_time" : "NULL") + ", "
                + (sketches.contains(Sketch.RESTORE) ? "restore" : "NULL") + ", namespace, hour_start "
                + "FROM analytics_process_bucket WHERE " + where(range, hoursOnly, args);
        jdbc.query(
                sql,
                (RowCallbackHandler) rs -> AnalyticsRows.addProcessRow(rs, target.at(rs.getString(7), rs.getLong(8))),
                args.toArray());
    }

    void steps(Range range, StepTarget target) {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, "
                + "human_wait, namespace, step FROM analytics_step_bucket WHERE " + where(range, false, args);
        jdbc.query(
                sql,
                (RowCallbackHandler) rs -> AnalyticsRows.addStepRow(rs, target.of(rs.getString(11), rs.getString(12))),
                args.toArray());
    }

    /** The organization (and namespace), and the pieces of the range: hours before the first whole day, days, hours after. */
    private static String where(Range range, boolean hoursOnly, List<Object> args) {
        args.add(range.org());
        StringBuilder sql = new StringBuilder("org_id = ?");
        if (range.namespace() != null) {
            sql.append(" AND namespace = ?");
            args.add(range.namespace());
        }
        long firstDay = Math.floorDiv(range.from() + Hours.DAY_MS - 1, Hours.DAY_MS) * Hours.DAY_MS;
        long lastDay = Math.floorDiv(range.to(), Hours.DAY_MS) * Hours.DAY_MS;
        List<String> pieces = new ArrayList<>();
        if (hoursOnly || firstDay >= lastDay) {
            piece(pieces, args, Hours.HOUR_MS, range.from(), range.to());
        } else {
            piece(pieces, args, Hours.HOUR_MS, range.from(), firstDay);
            piece(pieces, args, Hours.DAY_MS, firstDay, lastDay);
            piece(pieces, args, Hours.HOUR_MS, lastDay, range.to());
        }
        return sql + " AND (" + String.join(" OR ", pieces) + ")";
    }

    private static void piece(List<String> pieces, List<Object> args, long span, long from, long to) {
        if (from < to) {
            pieces.add("(span_ms = ? AND hour_start >= ? AND hour_start < ?)");
            args.add(span);
            args.add(from);
            args.add(to);
        }
    }

    /** An organization, a namespace (qualified; null for all) and the hours [from, to) in epoch milliseconds. */
    record Range(String org, String namespace, long from, long to) {}
}
