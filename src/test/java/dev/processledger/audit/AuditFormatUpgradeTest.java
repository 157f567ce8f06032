package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A store written in the first hash format is upgraded to audit records: every old hash is checked, then the
 * chains are re-made exactly as the current recorder makes them; a store whose history was changed is refused.
 */
@H2Store
class AuditFormatUpgradeTest extends ApiTestSupport {

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer serializer;

    @Autowired
    private DataSource dataSource;

    private String process() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"d\"}");
        accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":40,\"message\":\"m\"}");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"ratio\":0.1,\"big\":1e21}}");
        return id;
    }

    /** Turns the process's rows back into the first format: no record, hashes as the old recorder made them. */
    private void writeFirstFormat(String processId) {
        String previous = null;
        for (Map<String, Object> row : jdbc.queryForList("""
                SELECT e.sequence_number, e.payload, e.payload_type, e.payload_revision, e.meta_data
                FROM domain_event_entry e WHERE e.aggregate_identifier = ? ORDER BY e.sequence_number""", processId)) {
            ProcessEvent event = serializer.deserialize(new SimpleSerializedObject<>(
                    (byte[]) row.get("payload"), byte[].class, (String) row.get("payload_type"), (String)
                            row.get("payload_revision")));
            MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                    (byte[]) row.get("meta_data"), byte[].class, MetaData.class.getName(), null));
            long sequence = ((Number) row.get("sequence_number")).longValue();
            String hash = AuditFormatUpgrade.firstFormatHash(event, sequence, Actor.fromMetaData(metaData), previous);
            jdbc.update(
                    "UPDATE event_audit SET content = NULL, hash = ?, prev_hash = ? WHERE aggregate_identifier = ?"
                            + " AND sequence_number = ?",
                    hash,
                    previous,
                    processId,
                    sequence);
            previous = hash;
        }
    }

    private List<Map<String, Object>> chain(String processId) {
        return jdbc.queryForList(
                "SELECT sequence_number, content, hash, prev_hash FROM event_audit"
                        + " WHERE aggregate_identifier = ? ORDER BY sequence_number",
                processId);
    }

    private void upgrade() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                new AuditFormatUpgrade(serializer).migrate(new Context() {
                    @Override
                    public Configuration getConfiguration() {
                        return null;
                    }

                    @Override
                    public Connection getConnection() {
                        return connection;
                    }
                });
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Test
    void aFirstFormatStoreIsRechainedExactlyAsTheRecorderChainsNewEvents() throws Exception {
        String first = process();
        String second = process();
        List<Map<String, Object>> recorded = chain(first);
        List<Map<String, Object>> recordedSecond = chain(second);
        writeFirstFormat(first);
        writeFirstFormat(second);
        assertThat(chain(first)).isNotEqualTo(recorded);

        upgrade();

        assertThat(chain(first)).isEqualTo(recorded);
        assertThat(chain(second)).isEqualTo(recordedSecond);
        assertThat(api.get("/api/v1/processes/" + first + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aChangedHistoryStopsTheUpgradeAndChangesNothing() {
        String id = process();
        writeFirstFormat(id);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 2",
                new String(jdbc.queryForObject(
                                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?"
                                        + " AND sequence_number = 2",
                                byte[].class,
                                id))
                        .replace("40", "41")
                        .getBytes(),
                id);
        List<Map<String, Object>> before = chain(id);

        assertThatThrownBy(this::upgrade)
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("event 2 of process " + id + " does not match its hash");
        assertThat(chain(id)).isEqualTo(before);
    }
}
