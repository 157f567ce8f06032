package dev.processledger.process.query;

import dev.processledger.process.api.ProcessEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds an organisation's process views from the event store, one process per transaction, while the service
 * keeps taking updates: each process's row is locked while it is replayed (see {@link ProcessViewRepository#lock}),
 * so a live update to it waits and then applies on top of the rebuilt view.
 */
@Component
public class ProcessViewRebuilder implements DisposableBean {

    /** The one projection this service has. */
    public static final String NAME = "process-view";
    private static final Logger log = LoggerFactory.getLogger(ProcessViewRebuilder.class);

    private final EventStore eventStore;
    private final ProcessViewRepository views;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public ProcessViewRebuilder(EventStore eventStore, ProcessViewRepository views, JdbcTemplate jdbc,
                                TransactionTemplate transaction, Clock clock) {
        this.eventStore = eventStore;
        this.views = views;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Progress of one organisation's rebuild, as reported to its admins. */
    public record Progress(String projection, String status, long processed, long total, Instant startedAt,
                           Instant finishedAt) {
    }

    /** Starts a rebuild of the organisation's views; empty if one is already running. */
    public Optional<Progress> start(String orgId) {
        Rebuild rebuild = new Rebuild(clock.instant());
        Rebuild current = rebuilds.compute(orgId, (org, previous) ->
                previous != null && previous.finishedAt == null ? previous : rebuild);
        if (current != rebuild) {
            return Optional.empty();
        }
        executor.execute(() -> run(orgId, rebuild));
        return Optional.of(rebuild.progress());
    }

    /** The latest rebuild of the organisation on this instance, if any. */
    public Optional<Progress> progress(String orgId) {
        return Optional.ofNullable(rebuilds.get(orgId)).map(Rebuild::progress);
    }

    private void run(String orgId, Rebuild rebuild) {
        try {
            List<String> processIds = jdbc.queryForList("""
                    SELECT aggregate_identifier FROM event_audit WHERE org_id = ? AND sequence_number = 0
                    ORDER BY occurred_at, aggregate_identifier""", String.class, orgId);
            rebuild.total.set(processIds.size());
            for (String processId : processIds) {
                transaction.executeWithoutResult(status -> rebuildOne(processId));
                rebuild.processed.incrementAndGet();
            }
            rebuild.finish("completed", clock.instant());
        } catch (RuntimeException e) {
            log.error("Rebuild of {} failed: {}", NAME, e.getClass().getName());
            rebuild.finish("failed", clock.instant());
        }
    }

    private void rebuildOne(String processId) {
        boolean exists = views.lock(processId);
        ProcessView view = null;
        DomainEventStream events = eventStore.readEvents(processId, 0);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            view = ProcessView.evolve(view, (ProcessEvent) message.getPayload(), message.getSequenceNumber());
        }
        if (view != null) {
            views.replace(view, exists);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private static final class Rebuild {

        private final Instant startedAt;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicLong total = new AtomicLong();
        private volatile String status = "running";
        private volatile Instant finishedAt;

        Rebuild(Instant startedAt) {
            this.startedAt = startedAt;
        }

        void finish(String outcome, Instant at) {
            status = outcome;
            finishedAt = at;
        }

        Progress progress() {
            return new Progress(NAME, status, processed.get(), total.get(), startedAt, finishedAt);
        }
    }
}
