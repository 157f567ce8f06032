package dev.processledger.live;

import dev.processledger.config.DbTime;
import dev.processledger.process.api.ProcessEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the changes a reconnecting client missed, from the event store and the process view. */
@Repository
class LiveHistory {

    private final JdbcTemplate jdbc;

    LiveHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The organisation's changes after a position, oldest first, at most {@code limit}. */
    List<ProcessUpdate> after(String orgId, long position, int limit) {
        return jdbc.query(SELECT + " WHERE a.org_id = ? AND a.global_index > ? ORDER BY a.org_id, a.global_index LIMIT ?",
                (rs, n) -> update(rs), orgId, position, limit);
    }

    /** The change at one position, if it exists. */
    List<ProcessUpdate> at(long position) {
        return jdbc.query(SELECT + " WHERE a.global_index = ?", (rs, n) -> update(rs), position);
    }

    /** The newest global position in the store, or 0 when it is empty. */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** Whether the organisation has an event at exactly this position. */
    boolean known(String orgId, long position) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM event_audit WHERE org_id = ? AND global_index = ?",
                Integer.class, orgId, position);
        return count != null && count > 0;
    }

    /** The position just before the oldest of the organisation's latest {@code retained} events. */
    OptionalLong oldestRetainedStart(String orgId, int retained) {
        List<Long> positions = jdbc.queryForList("""
                SELECT global_index FROM event_audit WHERE org_id = ? ORDER BY org_id DESC, global_index DESC
                LIMIT 1 OFFSET ?""",
                Long.class, orgId, retained - 1);
        return positions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positions.get(0) - 1);
    }

    private static ProcessUpdate update(ResultSet rs) throws SQLException {
        return new ProcessUpdate(rs.getLong("global_index"), rs.getString("org_id"),
                ProcessEvent.typeName(rs.getString("payload_type")), rs.getLong("sequence_number"),
                new ProcessUpdate.Process(rs.getString("process_id"), rs.getString("namespace"), rs.getString("name"),
                        rs.getString("status"), rs.getString("current_step"), DbTime.fromDb(rs, "updated_at"),
                        rs.getLong("version")));
    }

    private static final String SELECT = """
            SELECT e.global_index, e.sequence_number, e.payload_type, a.org_id, p.process_id, p.namespace, p.name,
                p.status, p.current_step, p.updated_at, p.version
            FROM domain_event_entry e
            JOIN event_audit a ON a.global_index = e.global_index
            JOIN process_view p ON p.process_id = CAST(e.aggregate_identifier AS UUID)""";
}
