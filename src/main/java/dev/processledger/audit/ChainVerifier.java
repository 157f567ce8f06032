package dev.processledger.audit;

import dev.processledger.config.StoreIntegrity;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Recomputes a process's hash chain from the event store and compares it with the recorded one. */
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
    record Verification(boolean valid, long events, String headHash, Long brokenSequence, String reason) {
    }

    /**
     * Walks the process's events and recorded links side by side, a page at a time, keeping only the previous
     * hash: memory stays small however long the history.
     */
    Verification verify(String processId) {
        Deque<AuditedEvent> events = new ArrayDeque<>();
        Deque<AuditLog.ChainLink> links = new ArrayDeque<>();
        long lastEventRead = -1;
        long lastLinkRead = -1;
        String previous = null;
        Owner owner = null;
        for (long sequence = 0; ; sequence++) {
            try {
                if (events.isEmpty()) {
                    events.addAll(log.processEvents(processId, lastEventRead, PAGE));
                    lastEventRead = events.isEmpty() ? lastEventRead : events.peekLast().sequence();
                }
                if (links.isEmpty()) {
                    links.addAll(log.chain(processId, lastLinkRead, PAGE));
                    lastLinkRead = links.isEmpty() ? lastLinkRead : links.peekLast().sequence();
                }
            } catch (RuntimeException unreadable) {
                // a row the store returns damaged, or cannot return at all
                return new Verification(false, sequence, null, sequence, integrity.report(unreadable)
                        ? "the events from here on cannot be read: the store reports damage"
                        : "the events from here on cannot be read from the store");
            }
            if (events.isEmpty() && links.isEmpty()) {
                return new Verification(true, sequence, previous, null, null);
            }
            AuditedEvent event = events.isEmpty() || events.peek().sequence() != sequence ? null : events.poll();
            AuditLog.ChainLink link = links.isEmpty() || links.peek().sequence() != sequence ? null : links.poll();
            if (event != null && event.readable() && sequence == 0) {
                owner = Owner.of(event);
            }
            String problem = problem(event, link, previous, owner);
            if (problem != null) {
                return new Verification(false, sequence, null, sequence, problem);
            }
            previous = link.hash();
        }
    }

    private static String problem(AuditedEvent event, AuditLog.ChainLink link, String previous, Owner owner) {
        if (event == null) {
            return link == null ? "the event and its hash are missing" : "the event is missing from the event store";
        }
        if (link == null) {
            return "no hash was recorded for the event";
        }
        if (!event.readable()) {
            return "the event cannot be read from the event store";
        }
        if (!Objects.equals(link.prevHash(), previous)) {
            return "prev_hash does not match the previous event's hash";
        }
        if (!event.computeHash().equals(link.hash())) {
            return "the event's content does not match its hash";
        }
        if (owner == null || !owner.orgId().equals(link.orgId()) || !owner.namespace().equals(link.namespace())
                || link.globalIndex() != event.globalPosition()
                || !link.occurredAt().equals(Instant.parse(event.occurredAt()))) {
            return "the recorded organisation, namespace, position or time does not match the event";
        }
        return null;
    }

    /** The organisation and namespace a process was created in, from its creation event. */
    private record Owner(String orgId, String namespace) {

        static Owner of(AuditedEvent created) {
            Object definition = created.data().get("definition");
            return definition instanceof Map<?, ?> map
                    ? new Owner(String.valueOf(created.data().get("org_id")), String.valueOf(map.get("namespace")))
                    : null;
        }
    }
}
