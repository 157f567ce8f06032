package dev.processledger.analytics;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the buckets of one organisation in a range of hours, optionally of one namespace. A query reads one row per
 * hour and namespace (and step), however many processes those hours hold.
 */
@Repository
class AnalyticsReadModel {

    record ProcessRow(String namespace, long hour, ProcessBucket bucket) {
    }

    record StepRow(String namespace, long hour, String step, StepBucket bucket) {
    }

    private final JdbcTemplate jdbc;

    AnalyticsReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Buckets of hours in [fromHour, toHour), in hour order. */
    List<ProcessRow> processes(Range range) {
        String sql = "SELECT started, completed, failed, duration, lead_time, restore, namespace, hour_start "
                + "FROM analytics_process_bucket WHERE org_id = ? AND hour_start >= ? AND hour_start < ?"
                + (range.namespace() == null ? "" : " AND namespace = ?") + " ORDER BY hour_start";
        return jdbc.query(sql, (rs, n) -> new ProcessRow(rs.getString(7), rs.getLong(8), AnalyticsRows.processBucket(rs)),
                range.args());
    }

    List<StepRow> steps(Range range) {
        String sql = "SELECT runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, "
                + "human_wait, namespace, hour_start, step FROM analytics_step_bucket "
                + "WHERE org_id = ? AND hour_start >= ? AND hour_start < ?"
                + (range.namespace() == null ? "" : " AND namespace = ?");
        return jdbc.query(sql, (rs, n) -> new StepRow(rs.getString(11), rs.getLong(12), rs.getString(13),
                AnalyticsRows.stepBucket(rs)), range.args());
    }

    /** An organisation, a namespace (qualified; null for all) and the hours [from, to) in epoch milliseconds. */
    record Range(String org, String namespace, long from, long to) {
        Object[] args() {
            return namespace == null ? new Object[] {org, from, to} : new Object[] {org, from, to, namespace};
        }
    }
}
