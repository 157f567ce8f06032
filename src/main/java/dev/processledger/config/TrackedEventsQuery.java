package dev.processledger.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * How a streaming reader that has seen gaps in {@code global_index} fetches its next events: the range after its
 * position and the gaps it still waits for, as two index lookups joined with UNION ALL.
 *
 * <p>Axon's own statement asks for both in one WHERE with OR. H2 answers that by reading the whole event table
 * (about a second per fetch at a million events), and gaps are normal whenever updates commit concurrently, so every
 * reader of the event store (analytics, the embedded store's shared reader) fell seconds behind under load. The
 * two parts cannot overlap: every gap lies below the position and the range above it.
 */
final class TrackedEventsQuery {

    private TrackedEventsQuery() {}

    static PreparedStatement withGaps(
            Connection connection, EventSchema schema, long position, int batchSize, List<Long> gaps)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, position);
        statement.setLong(2, position + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    /** The events in (position, position + batch size], then those at the gaps, in global order. */
    static String sql(EventSchema schema, int gaps) {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String index = schema.globalIndexColumn();
        return select + index + " > ? AND " + index + " <= ?"
                + " UNION ALL "
                + select + index + " IN (" + String.join(",", Collections.nCopies(gaps, "?")) + ")"
                + " ORDER BY " + index + " ASC";
    }
}
