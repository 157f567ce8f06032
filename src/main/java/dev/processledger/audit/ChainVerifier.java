package dev.processledger.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Recomputes a process's hash chain from the event store and compares it with the recorded one. */
@Component
class ChainVerifier {

    private static final int PAGE = 1000;

    private final AuditLog log;

    ChainVerifier(AuditLog log) {
        this.log = log;
    }

    /** The outcome: valid with the head hash, or the first sequence number where the chain breaks and why. */
    record Verification(boolean valid, long events, String headHash, Long brokenSequence, String reason) {
    }

    Verification verify(String processId) {
        Map<Long, AuditedEvent> events = new HashMap<>();
        long last = -1;
        for (List<AuditedEvent> page = log.processEvents(processId, -1, PAGE); !page.isEmpty();
             page = log.processEvents(processId, last, PAGE)) {
            for (AuditedEvent event : page) {
                events.put(event.sequence(), event);
                last = event.sequence();
            }
        }
        Map<Long, AuditLog.ChainLink> links = new HashMap<>();
        log.chain(processId).forEach(link -> links.put(link.sequence(), link));
        long end = Math.max(last, links.keySet().stream().mapToLong(Long::longValue).max().orElse(-1));

        String previous = null;
        for (long sequence = 0; sequence <= end; sequence++) {
            AuditedEvent event = events.get(sequence);
            AuditLog.ChainLink link = links.get(sequence);
            String problem = event == null ? "the event is missing from the event store"
                    : link == null ? "no hash was recorded for the event"
                    : !Objects.equals(link.prevHash(), previous) ? "prev_hash does not match the previous event's hash"
                    : !event.computeHash().equals(link.hash()) ? "the event's content does not match its hash"
                    : null;
            if (problem != null) {
                return new Verification(false, events.size(), null, sequence, problem);
            }
            previous = link.hash();
        }
        return new Verification(true, events.size(), previous, null, null);
    }
}
