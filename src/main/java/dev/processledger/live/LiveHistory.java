package dev.processledger.live;

import dev.processledger.audit.EventIndex;
import dev.processledger.audit.EventIndex.IndexedEvent;
import dev.processledger.process.api.ProcessDetails;
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
import org.springframework.stereotype.Repository;

/**
 * Reads changes from the event index ({@link EventIndex}): each with the process as it stood right after its event, so a message sent
 * late (a client catching up, or a feed that fell behind) never shows a later state than its event made.
 */
@Repository
class LiveHistory {

    private static final Logger log = LoggerFactory.getLogger(LiveHistory.class);

    private final EventIndex index;
    private final ProcessReplay replay;

    LiveHistory(EventIndex index, ProcessReplay replay) {
        this.index = index;
        this.replay = replay;
    }

    /** The organization's changes after a position, oldest first, at most {@code limit}. */
    List<ProcessUpdate> after(String orgId, long position, int limit) {
        return withStates(index.after(orgId, position, limit));
    }

    /** The change one process's event made, if it exists. */
    List<ProcessUpdate> event(String processId, long sequence) {
        return withStates(index.event(processId, sequence));
    }

    /** The newest global position in the store, or 0 when it is empty. */
    long head() {
        return index.head();
    }

    /** Whether the organization has an event at exactly this position. */
    boolean known(String orgId, long position) {
        return index.known(orgId, position);
    }

    /** The position just before the oldest of the organization's latest {@code retained} events. */
    OptionalLong oldestRetainedStart(String orgId, int retained) {
        return index.oldestRetainedStart(orgId, retained);
    }

    /** The changes with each process's state after its event; each process's history is replayed at most once. */
    private List<ProcessUpdate> withStates(List<IndexedEvent> events) {
        Map<String, Set<Long>> wanted = new LinkedHashMap<>();
        events.forEach(e -> wanted.computeIfAbsent(e.processId(), id -> new LinkedHashSet<>())
                .add(e.sequence()));
        Map<String, Map<Long, ProcessDetails>> states = new LinkedHashMap<>();
        wanted.forEach((processId, sequences) -> states.put(processId, statesAfter(processId, sequences)));
        List<ProcessUpdate> updates = new ArrayList<>(events.size());
        for (IndexedEvent event : events) {
            ProcessDetails state = states.get(event.processId()).get(event.sequence());
            if (state != null) {
                updates.add(new ProcessUpdate(
                        event.position(),
                        event.orgId(),
                        event.type(),
                        event.sequence(),
                        new ProcessUpdate.Process(
                                state.processId(),
                                state.namespace(),
                                state.name(),
                                state.status().wireName(),
                                state.currentStep(),
                                state.updatedAt(),
                                state.version())));
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
            log.warn(
                    "Live stream: process {} cannot be replayed ({}); its changes are left out of the catch-up",
                    processId,
                    unreadable.getClass().getName());
            return Map.of();
        }
    }
}
