package dev.processledger.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads bucket rows, whose columns every analytics query selects in the same order. */
final class AnalyticsRows {

    private AnalyticsRows() {}

    /** Columns: started, completed, failed, duration, lead_time, restore. */
    static ProcessBucket processBucket(ResultSet rs) throws SQLException {
        ProcessBucket bucket = new ProcessBucket();
        addProcessRow(rs, bucket);
        return bucket;
    }

    /** Adds the row (columns as {@link #processBucket}) to {@code into}; sketches straight from their bytes. */
    static void addProcessRow(ResultSet rs, ProcessBucket into) throws SQLException {
        into.started += rs.getLong(1);
        into.completed += rs.getLong(2);
        into.failed += rs.getLong(3);
        into.duration.addEncoded(rs.getBytes(4));
        into.leadTime.addEncoded(rs.getBytes(5));
        into.restore.addEncoded(rs.getBytes(6));
    }

    /** Columns: runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, human_wait. */
    static StepBucket stepBucket(ResultSet rs) throws SQLException {
        StepBucket bucket = new StepBucket();
        addStepRow(rs, bucket);
        return bucket;
    }

    /** Adds the row (columns as {@link #stepBucket}) to {@code into}. */
    static void addStepRow(ResultSet rs, StepBucket into) throws SQLException {
        into.runs += rs.getLong(1);
        into.attempts += rs.getLong(2);
        into.retried += rs.getLong(3);
        into.completed += rs.getLong(4);
        into.failed += rs.getLong(5);
        into.timedOut += rs.getLong(6);
        into.skipped += rs.getLong(7);
        into.cancelled += rs.getLong(8);
        into.duration.addEncoded(rs.getBytes(9));
        into.humanWait.addEncoded(rs.getBytes(10));
    }
}
