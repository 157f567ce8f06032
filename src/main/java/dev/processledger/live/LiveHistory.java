package dev.processledger.live;

import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.EventTypes;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.query.ProcessReplay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads changes from the event index: each with the process as it stood right after its event, so a message sent
 * late (a client catching up, or a feed that fell behind) never shows a later state than its event made.
 */
@Repository
class LiveHistory {

    private static final Logger log = LoggerFactory.getLogger(LiveHistory.class);

    private final JdbcTemplate jdbc;
    private final ProcessReplay replay;

    LiveHistory(JdbcTemplate jdbc, ProcessReplay replay) {
        this.jdbc = jdbc;
        this.replay = replay;
    }

    /** One event of the index: where it is and what it was. */
    private record Indexed(long position, String orgId, String processId, long sequence, String type) {
    }

    /** The organisation's changes after a position, oldest first, at most {@code limit}. */
    List<ProcessUpdate> after(String orgId, long position, int limit) {
        return withStates(jdbc.query(SELECT + " WHERE a.org_id = ? AND a.global_index > ? ORDER BY a.org_id, a.global_index LIMIT ?",
                (rs, n) -> indexed(rs), orgId, position, limit));
    }

    /** The change at one position, if it exists. */
    List<ProcessUpdate> at(long position) {
        return withStates(jdbc.query(SELECT + " WHERE a.global_index = ?", (rs, n) -> indexed(rs), position));
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

    /** The changes with each process's state after its event; each process's history is replayed at most once. */
    private List<ProcessUpdate> withStates(List<Indexed> events) {
        Map<String, Set<Long>> wanted = new LinkedHashMap<>();
        events.forEach(e -> wanted.computeIfAbsent(e.processId(), id -> new LinkedHashSet<>()).add(e.sequence()));
        Map<String, Map<Long, ProcessDetails>> states = new LinkedHashMap<>();
        wanted.forEach((processId, sequences) -> states.put(processId, statesAfter(processId, sequences)));
        List<ProcessUpdate> updates = new ArrayList<>(events.size());
        for (Indexed event : events) {
            ProcessDetails state = states.get(event.processId()).get(event.sequence());
            if (state != null) {
                updates.add(new ProcessUpdate(event.position(), event.orgId(), event.type(), event.sequence(),
                        new ProcessUpdate.Process(state.processId(), state.namespace(), state.name(),
                                state.status().wireName(), state.currentStep(), state.updatedAt(), state.version())));
            }
        }
        return updates;
    }

    /**
     * The process's states after those events; none when its history cannot be replayed (a stored event that cannot
     * be read, which {@code /verify} reports), so one damaged process leaves only its own changes out of a catch-up
     * instead of ending the stream.
     */
    private Map<Long, ProcessDetails> statesAfter(String processId, Set<Long> sequences) {
        try {
            return replay.statesAfter(processId, sequences);
        } catch (RuntimeException unreadable) {
            log.warn("Live stream: process {} cannot be replayed ({}); its changes are left out of the catch-up",
                    processId, unreadable.getClass().getName());
            return Map.of();
        }
    }

    private static Indexed indexed(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Indexed(rs.getLong("global_index"), rs.getString("org_id"), rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"), EventTypes.nameOfStored(rs.getString("payload_type")).orElse("unknown"));
    }

    private static final String SELECT = """
            SELECT a.global_index, a.org_id, a.aggregate_identifier, a.sequence_number, e.payload_type
            FROM event_audit a JOIN domain_event_entry e ON e.global_index = a.global_index""";
}
