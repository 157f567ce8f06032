package dev.processledger.audit;

import dev.processledger.config.DbTime;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import java.util.UUID;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads events straight from the event store, with the hash chain recorded beside them. Rows are deserialised
 * with the event serializer, so what auditors see is what the aggregate replays.
 */
@Repository
class AuditLog {

    private static final String COLUMNS = """
            e.global_index, e.aggregate_identifier, e.sequence_number, e.payload_type, e.payload_revision, e.payload,
            e.meta_data, a.hash, a.prev_hash""";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    AuditLog(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The organisation a process belongs to, if it exists. */
    Optional<String> owner(String processId) {
        return jdbc.queryForList("SELECT org_id FROM process_view WHERE process_id = ?", String.class,
                UUID.fromString(processId)).stream().findFirst();
    }

    /** A page of one process's events after a sequence number, in sequence order. */
    List<AuditedEvent> processEvents(String processId, long afterSequence, int limit) {
        return jdbc.query("SELECT " + COLUMNS + """
                 FROM domain_event_entry e LEFT JOIN event_audit a
                    ON a.aggregate_identifier = e.aggregate_identifier AND a.sequence_number = e.sequence_number
                WHERE e.aggregate_identifier = ? AND e.sequence_number > ?
                ORDER BY e.aggregate_identifier, e.sequence_number LIMIT ?""",
                (rs, n) -> read(rs), processId, afterSequence, limit);
    }

    /** A page of the recorded hash chain of one process after a sequence number, in sequence order. */
    List<ChainLink> chain(String processId, long afterSequence, int limit) {
        return jdbc.query("""
                SELECT sequence_number, hash, prev_hash, global_index, org_id, namespace, occurred_at FROM event_audit
                WHERE aggregate_identifier = ? AND sequence_number > ?
                ORDER BY aggregate_identifier, sequence_number LIMIT ?""",
                (rs, n) -> new ChainLink(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), DbTime.fromDb(rs, "occurred_at")),
                processId, afterSequence, limit);
    }

    /** A filter on the organisation's events for the export; null members do not filter. */
    record ExportFilter(String orgId, String namespace, Instant from, Instant to) {
    }

    /** The next batch of the organisation's events after a global position, in global order. */
    List<AuditedEvent> exportBatch(ExportFilter filter, long afterPosition, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + """
                 FROM event_audit a JOIN domain_event_entry e ON e.global_index = a.global_index
                WHERE a.org_id = ? AND a.global_index > ?""");
        List<Object> args = new ArrayList<>(List.of(filter.orgId(), afterPosition));
        if (filter.namespace() != null) {
            sql.append(" AND a.namespace = ?");
            args.add(filter.namespace());
        }
        if (filter.from() != null) {
            sql.append(" AND a.occurred_at >= ?");
            args.add(DbTime.toDb(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND a.occurred_at < ?");
            args.add(DbTime.toDb(filter.to()));
        }
        // ordered by the index's own columns, so the database reads one batch instead of sorting the rest
        sql.append(" ORDER BY a.org_id, a.global_index LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, n) -> read(rs), args.toArray());
    }

    /** One link of the recorded chain, with what it says about its event's place and owner. */
    record ChainLink(long sequence, String hash, String prevHash, long globalIndex, String orgId, String namespace,
                     Instant occurredAt) {
    }

    /** An event as stored; one that cannot be deserialised is returned with type {@code unreadable}. */
    private AuditedEvent read(ResultSet rs) throws SQLException {
        long sequence = rs.getLong("sequence_number");
        long position = rs.getLong("global_index");
        String hash = rs.getString("hash");
        String prevHash = rs.getString("prev_hash");
        try {
            ProcessEvent event = (ProcessEvent) serializer.deserialize(new SimpleSerializedObject<>(
                    rs.getBytes("payload"), byte[].class, rs.getString("payload_type"),
                    rs.getString("payload_revision")));
            byte[] metaBytes = rs.getBytes("meta_data");
            MetaData metaData = metaBytes == null ? MetaData.emptyInstance() : serializer.deserialize(
                    new SimpleSerializedObject<>(metaBytes, byte[].class, MetaData.class.getName(), null));
            return EventContent.audited(event, sequence, position, Actor.fromMetaData(metaData), hash, prevHash);
        } catch (RuntimeException unreadable) {
            return new AuditedEvent(rs.getString("aggregate_identifier"), sequence, position, AuditedEvent.UNREADABLE,
                    null, null, null, hash, prevHash);
        }
    }
}
