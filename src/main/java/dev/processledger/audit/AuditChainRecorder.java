package dev.processledger.audit;

import dev.processledger.audit.ChainTips.Tip;
import dev.processledger.config.LedgerProperties;
import dev.processledger.platform.DbTime;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Extends a process's hash chain by each event it appends, in the same transaction as the event: the event's
 * audit record ({@link AuditRecord}) is stored with the SHA-256 of its canonical text, which covers the previous
 * event's hash. The previous record comes from this instance's tips ({@link ChainTips}) where it can, else from the
 * store.
 */
@Component
@ProcessingGroup(AuditChainRecorder.GROUP)
class AuditChainRecorder {

    /** Writes the hash chain of every event in the event's own transaction. */
    static final String GROUP = "audit-chain";

    /** A failing handler rolls the command back instead of leaving an event without its audit record. */
    @Configuration(proxyBeanMethods = false)
    static class ErrorPolicy {

        @Bean
        ConfigurerModule auditChainErrorPolicy() {
            return configurer -> configurer
                    .eventProcessing()
                    .registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance());
        }
    }

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ChainTips tips;

    AuditChainRecorder(
            JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer, LedgerProperties properties) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.tips = new ChainTips(properties.cacheSize());
    }

    @EventHandler
    void on(ProcessEvent event, @SequenceNumber long sequence, MetaData metaData) {
        String orgId;
        String namespace;
        String prevHash;
        if (event instanceof ProcessCreatedEvent created) {
            orgId = created.orgId();
            namespace = created.definition().namespace();
            prevHash = null;
        } else {
            Tip previous = tips.find(event.processId(), sequence - 1)
                    .orElseGet(() -> storedRecord(event.processId(), sequence - 1));
            orgId = previous.orgId();
            namespace = previous.namespace();
            prevHash = previous.hash();
        }
        // the event store wrote exactly these bytes: the same serializer, the same event
        byte[] payload = serializer.serialize(event, byte[].class).getData();
        String content = AuditRecord.content(event, sequence, Actor.fromMetaData(metaData), payload, prevHash);
        String hash = AuditRecord.sha256(content);
        // the event row is already inserted in this transaction; its global position is known only now
        jdbc.update(
                """
                INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                    occurred_at, hash, prev_hash, content)
                VALUES (?, ?, (SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                    AND sequence_number = ?), ?, ?, ?, ?, ?, ?)""",
                event.processId(),
                sequence,
                event.processId(),
                sequence,
                orgId,
                namespace,
                DbTime.toDb(event.at()),
                hash,
                prevHash,
                content);
        tips.keepOnCommit(new Tip(event.processId(), sequence, orgId, namespace, hash));
    }

    private Tip storedRecord(String processId, long sequence) {
        return jdbc.queryForObject(
                """
                SELECT org_id, namespace, hash FROM event_audit
                WHERE aggregate_identifier = ? AND sequence_number = ?""",
                (rs, row) -> new Tip(
                        processId, sequence, rs.getString("org_id"), rs.getString("namespace"), rs.getString("hash")),
                processId,
                sequence);
    }
}
