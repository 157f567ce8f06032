package dev.processledger.audit;

import dev.processledger.platform.DbTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the audit records ({@code event_audit}) and, to check them, the event store's copies of the events.
 * What auditors see is the record stored at append time, never re-derived from the event classes.
 */
@Repository
class AuditLog {

    private static final String RECORD = "aggregate_identifier, sequence_number, global_index, content, hash";

    private final JdbcTemplate jdbc;

    AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of one process's audited events after a sequence number, in sequence order. */
    List<AuditedEvent> processEvents(String processId, long afterSequence, int limit) {
        return jdbc.query(
                "SELECT " + RECORD + """
                 FROM event_audit WHERE aggregate_identifier = ? AND sequence_number > ?
                ORDER BY aggregate_identifier, sequence_number LIMIT ?""",
                (rs, n) -> new AuditedEvent(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)),
                processId,
                afterSequence,
                limit);
    }

    /** One event as the event store holds it: its place and the SHA-256 of its stored payload. */
    record StoredEvent(long sequence, long globalIndex, String payloadSha256) {}

    /** A page of the event store's copies of one process's events after a sequence number, in sequence order. */
    List<StoredEvent> storedEvents(String processId, long afterSequence, int limit) {
        return jdbc.query(
                """
                SELECT sequence_number, global_index, payload FROM domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number > ?
                ORDER BY aggregate_identifier, sequence_number LIMIT ?""",
                (rs, n) -> new StoredEvent(rs.getLong(1), rs.getLong(2), AuditRecord.sha256(rs.getBytes(3))),
                processId,
                afterSequence,
                limit);
    }

    /** A page of the recorded chain of one process after a sequence number, in sequence order. */
    List<ChainLink> chain(String processId, long afterSequence, int limit) {
        return jdbc.query(
                """
                SELECT sequence_number, hash, prev_hash, global_index, org_id, namespace, occurred_at, content
                FROM event_audit WHERE aggregate_identifier = ? AND sequence_number > ?
                ORDER BY aggregate_identifier, sequence_number LIMIT ?""",
                (rs, n) -> new ChainLink(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6),
                        DbTime.fromDb(rs, "occurred_at"),
                        rs.getString(8)),
                processId,
                afterSequence,
                limit);
    }

    /** A filter on the organization's events for the export; null members do not filter. */
    record ExportFilter(String orgId, String namespace, Instant from, Instant to) {}

    /** The next batch of the organization's audited events after a global position, in global order. */
    List<AuditedEvent> exportBatch(ExportFilter filter, long afterPosition, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT " + RECORD + " FROM event_audit WHERE org_id = ? AND global_index > ?");
        List<Object> args = new ArrayList<>(List.of(filter.orgId(), afterPosition));
        if (filter.namespace() != null) {
            sql.append(" AND namespace = ?");
            args.add(filter.namespace());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(DbTime.toDb(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(DbTime.toDb(filter.to()));
        }
        // ordered by the index's own columns, so the database reads one batch instead of sorting the rest
        sql.append(" ORDER BY org_id, global_index LIMIT ?");
        args.add(limit);
        return jdbc.query(
                sql.toString(),
                (rs, n) -> new AuditedEvent(
                        rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)),
                args.toArray());
    }

    /** One link of the recorded chain: the record, its hash, and what the row says about its place and owner. */
    record ChainLink(
            long sequence,
            String hash,
            String prevHash,
            long globalIndex,
            String orgId,
            String namespace,
            Instant occurredAt,
            String content) {}
}
