package dev.processledger.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Sends every event of one series (organisation, namespace and name) to the same segment, in stream order. A
 * process's events then stay in order too, and the incidents of a series (a failure, then the next completion) are
 * seen in the same order on every replay and whichever instance holds the segment. Only the creation event names the
 * series: the series of other processes comes from a cache, or else from the process's first stored event.
 */
final class SeriesSequencing implements SequencingPolicy<EventMessage<?>> {

    private final EventStore events;
    private final Cache<String, String> seriesOfProcess;

    SeriesSequencing(EventStore events, long cacheSize) {
        this.events = events;
        this.seriesOfProcess = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> message) {
        if (!(message.getPayload() instanceof ProcessEvent event)) {
            return message.getIdentifier();
        }
        if (event instanceof ProcessCreatedEvent created) {
            String series = series(created);
            seriesOfProcess.put(created.processId(), series);
            return series;
        }
        return seriesOfProcess.get(event.processId(), this::stored);
    }

    private String stored(String processId) {
        DomainEventStream stream = events.readEvents(processId, 0);
        if (stream.hasNext() && stream.next().getPayload() instanceof ProcessCreatedEvent created) {
            return series(created);
        }
        return processId;
    }

    private static String series(ProcessCreatedEvent created) {
        return created.orgId() + '\n' + created.definition().namespace() + '\n' + created.definition().name();
    }
}
