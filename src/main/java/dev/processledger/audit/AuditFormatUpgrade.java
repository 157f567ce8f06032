package dev.processledger.audit;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.EventTypes;
import dev.processledger.process.api.ProcessEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Moves a store's hash chains from the first hash format (re-derived from the event classes, numbers as Java
 * writes them) to audit records (RFC 8785, stored at append time). Every event's old hash is checked first; a
 * mismatch stops the upgrade, so no changed history is ever re-chained. Then each process's events get their
 * records and new hashes in order. Runs once, as Flyway migration 9, while the classes still match the history.
 */
@Component
class AuditFormatUpgrade implements JavaMigration {

    private final Serializer serializer;

    AuditFormatUpgrade(@Qualifier("eventSerializer") Serializer serializer) {
        this.serializer = serializer;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("9");
    }

    @Override
    public String getDescription() {
        return "audit records in RFC 8785 for events appended before them";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        for (String processId : processesToUpgrade(connection)) {
            upgrade(connection, processId);
        }
    }

    private static List<String> processesToUpgrade(Connection connection) throws SQLException {
        List<String> processes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT DISTINCT aggregate_identifier FROM event_audit WHERE content IS NULL");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                processes.add(rs.getString(1));
            }
        }
        return processes;
    }

    private record Row(
            long sequence, String hash, byte[] payload, String payloadType, String revision, byte[] metaData) {}

    private void upgrade(Connection connection, String processId) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT a.sequence_number, a.hash, e.payload, e.payload_type, e.payload_revision, e.meta_data
                FROM event_audit a JOIN domain_event_entry e
                    ON e.aggregate_identifier = a.aggregate_identifier AND e.sequence_number = a.sequence_number
                WHERE a.aggregate_identifier = ? ORDER BY a.sequence_number""")) {
            select.setString(1, processId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getBytes(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getBytes(6)));
                }
            }
        }
        String previousOld = null;
        String previousNew = null;
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE event_audit SET content = ?, hash = ?, prev_hash = ?
                WHERE aggregate_identifier = ? AND sequence_number = ?""")) {
            for (Row row : rows) {
                ProcessEvent event = serializer.deserialize(
                        new SimpleSerializedObject<>(row.payload(), byte[].class, row.payloadType(), row.revision()));
                MetaData metaData = row.metaData() == null
                        ? MetaData.emptyInstance()
                        : serializer.deserialize(new SimpleSerializedObject<>(
                                row.metaData(), byte[].class, MetaData.class.getName(), null));
                Actor actor = Actor.fromMetaData(metaData);
                if (!firstFormatHash(event, row.sequence(), actor, previousOld).equals(row.hash())) {
                    throw new FlywayException("event " + row.sequence() + " of process " + processId + " does not "
                            + "match its hash: the history was changed; the audit format was not upgraded");
                }
                String content = AuditRecord.content(event, row.sequence(), actor, row.payload(), previousNew);
                String hash = AuditRecord.sha256(content);
                update.setString(1, content);
                update.setString(2, hash);
                update.setString(3, previousNew);
                update.setString(4, processId);
                update.setLong(5, row.sequence());
                update.executeUpdate();
                previousOld = row.hash();
                previousNew = hash;
            }
        }
    }

    /** The hash of the first format: the event's content as its class gives it, written by the old rules. */
    static String firstFormatHash(ProcessEvent event, long sequence, Actor actor, String prevHash) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("process_id", event.processId());
        content.put("sequence", sequence);
        content.put("type", EventTypes.nameOf(event.getClass()));
        content.put("occurred_at", event.at().toString());
        content.put(
                "actor", actor == null ? null : Map.of("token_id", actor.tokenId(), "token_name", actor.tokenName()));
        content.put("data", AuditRecord.data(event));
        content.put("prev_hash", prevHash);
        return AuditRecord.sha256(LegacyCanonicalJson.write(content));
    }
}
