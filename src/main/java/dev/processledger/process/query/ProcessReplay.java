package dev.processledger.process.query;

import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A process as it stood at a point of its history, rebuilt from the event store through the same fold the
 * projection uses ({@link ProcessView#evolve}); for audit reads and for live messages about past events.
 */
@Component
public class ProcessReplay {

    private final EventStore eventStore;
    private final ProcessViewRepository views;

    ProcessReplay(EventStore eventStore, ProcessViewRepository views) {
        this.eventStore = eventStore;
        this.views = views;
    }

    /**
     * The process after its events up to {@code lastSequence} that happened at or before {@code lastInstant}
     * (null: any time); empty if none did. Replays from sequence 0, past any snapshot: the history itself counts.
     */
    public Optional<ProcessDetails> stateAt(String processId, long lastSequence, Instant lastInstant) {
        ProcessView view = null;
        DomainEventStream stream = eventStore.readEvents(processId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            ProcessEvent event = (ProcessEvent) message.getPayload();
            if (message.getSequenceNumber() > lastSequence
                    || (lastInstant != null && event.at().isAfter(lastInstant))) {
                break;
            }
            view = ProcessView.evolve(view, event, message.getSequenceNumber());
        }
        return Optional.ofNullable(view).map(ProcessView::toDetails);
    }

    /**
     * The process right after each of the given events. The read model answers when it is exactly there (the
     * usual case for a change just made); otherwise the history is replayed once for all of them.
     */
    public Map<Long, ProcessDetails> statesAfter(String processId, Set<Long> sequences) {
        Map<Long, ProcessDetails> states = new HashMap<>();
        TreeSet<Long> wanted = new TreeSet<>(sequences);
        Optional<ProcessView> current = views.load(processId);
        if (current.isPresent() && wanted.size() == 1 && current.get().version() == wanted.first()) {
            states.put(wanted.first(), current.get().toDetails());
            return states;
        }
        ProcessView view = null;
        DomainEventStream stream = eventStore.readEvents(processId, 0);
        while (stream.hasNext() && !wanted.isEmpty()) {
            DomainEventMessage<?> message = stream.next();
            view = ProcessView.evolve(view, (ProcessEvent) message.getPayload(), message.getSequenceNumber());
            if (wanted.remove(message.getSequenceNumber())) {
                states.put(message.getSequenceNumber(), view.toDetails());
            }
        }
        return states;
    }
}
