package dev.processledger.audit;

import dev.processledger.process.api.EventTypes;
import dev.processledger.process.query.OrganizationHistories;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The index of stored events by organization and global position ({@code event_audit} beside the event store),
 * for the features that follow or replay an organization's history without reading the audit feature's tables.
 */
@Repository
public class EventIndex implements OrganizationHistories {

    /** One stored event: where it is, whose, and what it was (its wire type name). */
    public record IndexedEvent(long position, String orgId, String processId, long sequence, String type) {}

    private static final String SELECT = """
            SELECT a.global_index, a.org_id, a.aggregate_identifier, a.sequence_number, e.payload_type
            FROM event_audit a JOIN domain_event_entry e ON e.global_index = a.global_index""";

    private final JdbcTemplate jdbc;

    EventIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The organization's events after a position, oldest first, at most {@code limit}. */
    public List<IndexedEvent> after(String orgId, long position, int limit) {
        return jdbc.query(
                SELECT + " WHERE a.org_id = ? AND a.global_index > ? ORDER BY a.org_id, a.global_index LIMIT ?",
                (rs, n) -> indexed(rs),
                orgId,
                position,
                limit);
    }

    /** One process's event, by its sequence (the audit table's key: no scan however large the store). */
    public List<IndexedEvent> event(String processId, long sequence) {
        return jdbc.query(
                SELECT + " WHERE a.aggregate_identifier = ? AND a.sequence_number = ?",
                (rs, n) -> indexed(rs),
                processId,
                sequence);
    }

    /** The newest global position in the store, or 0 when it is empty. */
    public long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** When the newest event at or before a position was stored, if there is one. */
    public Optional<Instant> storedAtOrBefore(long position) {
        return jdbc.queryForList("""
                SELECT time_stamp FROM domain_event_entry WHERE global_index <= ?
                ORDER BY global_index DESC FETCH FIRST 1 ROWS ONLY""", String.class, position).stream()
                .findFirst()
                .map(Instant::parse);
    }

    /** Whether the organization has an event at exactly this position. */
    public boolean known(String orgId, long position) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM event_audit WHERE org_id = ? AND global_index = ?",
                Integer.class,
                orgId,
                position);
        return count != null && count > 0;
    }

    /** The position just before the oldest of the organization's latest {@code retained} events. */
    public OptionalLong oldestRetainedStart(String orgId, int retained) {
        List<Long> positions = jdbc.queryForList("""
                SELECT global_index FROM event_audit WHERE org_id = ? ORDER BY org_id DESC, global_index DESC
                LIMIT 1 OFFSET ?""", Long.class, orgId, retained - 1);
        return positions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positions.get(0) - 1);
    }

    @Override
    public List<String> processesOf(String orgId) {
        return jdbc.queryForList("""
                SELECT aggregate_identifier FROM event_audit WHERE org_id = ? AND sequence_number = 0
                ORDER BY occurred_at, aggregate_identifier""", String.class, orgId);
    }

    private static IndexedEvent indexed(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new IndexedEvent(
                rs.getLong("global_index"),
                rs.getString("org_id"),
                rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"),
                EventTypes.nameOfStored(rs.getString("payload_type")).orElse("unknown"));
    }
}
