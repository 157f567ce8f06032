package dev.processledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;

/**
 * Appends one event of a process, with its audit record, in a transaction of its own that the test commits when it
 * likes: the event takes its global position at once but is seen by readers only at the commit, as when concurrent
 * updates commit out of order.
 */
public final class LateCommit implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final long position;

    private LateCommit(Connection connection, long position) {
        this.connection = connection;
        this.position = position;
    }

    /** Begins the transaction and appends {@code event} as the process's event {@code sequence}. */
    public static LateCommit begin(DataSource dataSource, Serializer serializer, ProcessEvent event, long sequence)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try {
            String processId = event.processId();
            byte[] metaData;
            try (PreparedStatement first = connection.prepareStatement(
                    "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")) {
                first.setString(1, processId);
                try (ResultSet rs = first.executeQuery()) {
                    rs.next();
                    metaData = rs.getBytes(1);
                }
            }
            String orgId;
            String namespace;
            String previous;
            Actor actor;
            try (PreparedStatement before =
                    connection.prepareStatement("SELECT org_id, namespace, hash, content FROM event_audit"
                            + " WHERE aggregate_identifier = ? AND sequence_number = ?")) {
                before.setString(1, processId);
                before.setLong(2, sequence - 1);
                try (ResultSet rs = before.executeQuery()) {
                    rs.next();
                    orgId = rs.getString(1);
                    namespace = rs.getString(2);
                    previous = rs.getString(3);
                    JsonNode recorded = JSON.readTree(rs.getString(4)).path("actor");
                    actor = new Actor(
                            recorded.path("token_id").asText(),
                            recorded.path("token_name").asText());
                }
            }
            byte[] payload = serializer.serialize(event, byte[].class).getData();
            try (PreparedStatement append = connection.prepareStatement("""
                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, ?, 'Process', ?, ?, '1', ?, ?)""")) {
                append.setString(1, UUID.randomUUID().toString());
                append.setString(2, processId);
                append.setLong(3, sequence);
                append.setString(4, event.at().toString());
                append.setString(5, event.getClass().getName());
                append.setBytes(6, payload);
                append.setBytes(7, metaData);
                append.executeUpdate();
            }
            long position;
            try (PreparedStatement find = connection.prepareStatement(
                    "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")) {
                find.setString(1, processId);
                find.setLong(2, sequence);
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    position = rs.getLong(1);
                }
            }
            String content = AuditRecord.content(event, sequence, actor, payload, previous);
            try (PreparedStatement audit = connection.prepareStatement("""
                    INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                        occurred_at, hash, prev_hash, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                audit.setString(1, processId);
                audit.setLong(2, sequence);
                audit.setLong(3, position);
                audit.setString(4, orgId);
                audit.setString(5, namespace);
                audit.setObject(6, OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC));
                audit.setString(7, AuditRecord.sha256(content));
                audit.setString(8, previous);
                audit.setString(9, content);
                audit.executeUpdate();
            }
            return new LateCommit(connection, position);
        } catch (SQLException | RuntimeException | java.io.IOException e) {
            connection.rollback();
            connection.close();
            throw new IllegalStateException("could not append the late event", e);
        }
    }

    /** The global position the event took when it was appended. */
    public long position() {
        return position;
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.rollback();
            connection.close();
        }
    }
}
