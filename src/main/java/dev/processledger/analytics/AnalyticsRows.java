package dev.processledger.analytics;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads bucket rows, whose columns every analytics query selects in the same order. */
final class AnalyticsRows {

    private AnalyticsRows() {}

    /** Columns: started, completed, failed, duration, lead_time, restore. */
    static ProcessBucket processBucket(ResultSet rs) throws SQLException {
        ProcessBucket bucket = new ProcessBucket(
                DurationSketch.decode(rs.getBytes(4)),
                DurationSketch.decode(rs.getBytes(5)),
                DurationSketch.decode(rs.getBytes(6)));
        bucket.started = rs.getLong(1);
        bucket.completed = rs.getLong(2);
        bucket.failed = rs.getLong(3);
        return bucket;
    }

    /** Columns: runs, attempts, retried, completed, failed, timed_out, skipped, cancelled, duration, human_wait. */
    static StepBucket stepBucket(ResultSet rs) throws SQLException {
        StepBucket bucket =
                new StepBucket(DurationSketch.decode(rs.getBytes(9)), DurationSketch.decode(rs.getBytes(10)));
        bucket.runs = rs.getLong(1);
        bucket.attempts = rs.getLong(2);
        bucket.retried = rs.getLong(3);
        bucket.completed = rs.getLong(4);
        bucket.failed = rs.getLong(5);
        bucket.timedOut = rs.getLong(6);
        bucket.skipped = rs.getLong(7);
        bucket.cancelled = rs.getLong(8);
        return bucket;
    }
}
