package dev.processledger.audit;

import dev.processledger.config.StoreIntegrity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Checks a process's hash chain: each audit record hashes to its stored hash, names the previous event's hash,
 * sits at its event's place, and binds the event store's copy of the event (the SHA-256 of its stored payload).
 * Reads only stored bytes: no event class is involved, so evolving the classes never breaks a chain.
 */
@Component
class ChainVerifier {

    private static final int PAGE = 1000;

    private final AuditLog log;
    private final StoreIntegrity integrity;

    ChainVerifier(AuditLog log, StoreIntegrity integrity) {
        this.log = log;
        this.integrity = integrity;
    }

    /** The outcome: valid with the head hash, or the first sequence number where the chain breaks and why. */
    record Verification(boolean valid, long events, String headHash, Long brokenSequence, String reason) {}

    /**
     * Walks the process's stored events and recorded links side by side, a page at a time, keeping only the
     * previous hash: memory stays small however long the history.
     */
    Verification verify(String processId) {
        Deque<AuditLog.StoredEvent> events = new ArrayDeque<>();
        Deque<AuditLog.ChainLink> links = new ArrayDeque<>();
        long lastEventRead = -1;
        long lastLinkRead = -1;
        String previous = null;
        Owner owner = null;
        for (long sequence = 0; ; sequence++) {
            try {
                if (events.isEmpty()) {
                    events.addAll(log.storedEvents(processId, lastEventRead, PAGE));
                    lastEventRead =
                            events.isEmpty() ? lastEventRead : events.peekLast().sequence();
                }
                if (links.isEmpty()) {
                    links.addAll(log.chain(processId, lastLinkRead, PAGE));
                    lastLinkRead =
                            links.isEmpty() ? lastLinkRead : links.peekLast().sequence();
                }
            } catch (RuntimeException unreadable) {
                // a row the store returns damaged, or cannot return at all
                return new Verification(
                        false,
                        sequence,
                        null,
                        sequence,
                        integrity.report(unreadable)
                                ? "the events from here on cannot be read: the store reports damage"
                                : "the events from here on cannot be read from the store");
            }
            if (events.isEmpty() && links.isEmpty()) {
                return new Verification(true, sequence, previous, null, null);
            }
            AuditLog.StoredEvent event =
                    events.isEmpty() || events.peek().sequence() != sequence ? null : events.poll();
            AuditLog.ChainLink link = links.isEmpty() || links.peek().sequence() != sequence ? null : links.poll();
            Map<String, Object> record = link == null || link.content() == null ? null : parsed(link.content());
            if (sequence == 0 && record != null) {
                owner = Owner.of(record);
            }
            String problem = problem(processId, sequence, event, link, record, previous, owner);
            if (problem != null) {
                return new Verification(false, sequence, null, sequence, problem);
            }
            previous = link.hash();
        }
    }

    private static String problem(
            String processId,
            long sequence,
            AuditLog.StoredEvent event,
            AuditLog.ChainLink link,
            Map<String, Object> record,
            String previous,
            Owner owner) {
        if (event == null) {
            return link == null ? "the event and its hash are missing" : "the event is missing from the event store";
        }
        if (link == null) {
            return "no hash was recorded for the event";
        }
        if (record == null) {
            return "the event's audit record cannot be read";
        }
        if (!AuditRecord.sha256(link.content()).equals(link.hash())) {
            return "the event's audit record does not match its hash";
        }
        if (!Objects.equals(link.prevHash(), previous) || !Objects.equals(record.get("prev_hash"), previous)) {
            return "prev_hash does not match the previous event's hash";
        }
        if (!processId.equals(record.get("process_id"))
                || !Long.valueOf(sequence).equals(number(record.get("sequence")))) {
            return "the audit record names another process or sequence";
        }
        if (!event.payloadSha256().equals(record.get("payload_sha256"))) {
            return "the event store's copy of the event does not match its audit record";
        }
        if (owner == null
                || !owner.orgId().equals(link.orgId())
                || !owner.namespace().equals(link.namespace())
                || link.globalIndex() != event.globalIndex()
                || !link.occurredAt().equals(Instant.parse(String.valueOf(record.get("occurred_at"))))) {
            return "the recorded organization, namespace, position or time does not match the event";
        }
        return null;
    }

    private static Map<String, Object> parsed(String content) {
        try {
            return AuditRecord.parse(content);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    /** The organization and namespace a process was created in, from its creation record. */
    private record Owner(String orgId, String namespace) {

        static Owner of(Map<String, Object> created) {
            Object data = created.get("data");
            if (data instanceof Map<?, ?> map && map.get("definition") instanceof Map<?, ?> definition) {
                return new Owner(String.valueOf(map.get("org_id")), String.valueOf(definition.get("namespace")));
            }
            return null;
        }
    }
}
