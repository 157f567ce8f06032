package dev.processledger.analytics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Sends every event of one organization's namespace to the same segment, in stream order. A process's events then
 * stay in order; the incidents of a series (same namespace and name: a failure, then the next completion) are seen in
 * the same order on every replay, whichever instance holds the segment; and no two segments ever write the same
 * bucket. Only the creation event names the namespace: that of other events' processes comes from a cache, or else
 * from the process's first stored event.
 */
final class NamespaceSequencing implements SequencingPolicy<EventMessage<?>> {

    private final EventStore events;
    private final Cache<String, String> namespaceOfProcess;

    NamespaceSequencing(EventStore events, long cacheSize) {
        this.events = events;
        this.namespaceOfProcess = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * Decides from the payload's type and the aggregate's id where it can: only a creation is deserialized here, on the
     * processor's single coordinator thread; the other events are deserialized by the segments' own threads.
     */
    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> message) {
        Class<?> type = message.getPayloadType();
        if (!ProcessEvent.class.isAssignableFrom(type)) {
            return message.getIdentifier();
        }
        if (ProcessCreatedEvent.class.equals(type)) {
            ProcessCreatedEvent created = (ProcessCreatedEvent) message.getPayload();
            String namespace = namespace(created);
            namespaceOfProcess.put(created.processId(), namespace);
            return namespace;
        }
        String processId = message instanceof DomainEventMessage<?> domain
                ? domain.getAggregateIdentifier()
                : ((ProcessEvent) message.getPayload()).processId();
        return namespaceOfProcess.get(processId, this::stored);
    }

    private String stored(String processId) {
        DomainEventStream stream = events.readEvents(processId, 0);
        if (stream.hasNext() && stream.next().getPayload() instanceof ProcessCreatedEvent created) {
            return namespace(created);
        }
        return processId;
    }

    private static String namespace(ProcessCreatedEvent created) {
        return created.orgId() + '\n' + created.definition().namespace();
    }
}
