package dev.processledger.process.query;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.TaskEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds an organization's process views from the event store, one process per transaction, while the service
 * keeps taking updates: each process's row is locked while it is replayed (see {@link ProcessViewRepository#lock}),
 * so a live update to it waits and then applies on top of the rebuilt view. Rebuilds of several organizations take
 * turns, one process each, so a large organization's rebuild never holds up a small one's.
 */
@Component
public class ProcessViewRebuilder implements DisposableBean {

    /** The one projection this service has. */
    public static final String NAME = "process-view";

    private static final Logger log = LoggerFactory.getLogger(ProcessViewRebuilder.class);

    private final EventStore eventStore;
    private final ProcessViewRepository views;
    private final TaskViewRepository tasks;
    private final OrganizationHistories histories;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Map<String, Rebuild> rebuilds = new ConcurrentHashMap<>();
    /** Running rebuilds waiting for their next turn, oldest turn first. */
    private final BlockingDeque<Rebuild> turns = new LinkedBlockingDeque<>();

    private final Thread worker = new Thread(this::takeTurns, "projection-rebuild");

    public ProcessViewRebuilder(
            EventStore eventStore,
            ProcessViewRepository views,
            TaskViewRepository tasks,
            OrganizationHistories histories,
            TransactionTemplate transaction,
            Clock clock) {
        this.eventStore = eventStore;
        this.views = views;
        this.tasks = tasks;
        this.histories = histories;
        this.transaction = transaction;
        this.clock = clock;
        worker.setDaemon(true);
        worker.start();
    }

    /** Progress of one organization's rebuild, as reported to its admins. */
    public record Progress(
            String projection, String status, long processed, long total, Instant startedAt, Instant finishedAt) {}

    /** Starts a rebuild of the organization's views; empty if one is already running. */
    public Optional<Progress> start(String orgId) {
        Rebuild rebuild = new Rebuild(orgId, clock.instant());
        Rebuild current = rebuilds.compute(
                orgId, (org, previous) -> previous != null && previous.finishedAt == null ? previous : rebuild);
        if (current != rebuild) {
            return Optional.empty();
        }
        turns.addLast(rebuild);
        return Optional.of(rebuild.progress());
    }

    /** The latest rebuild of the organization on this instance, if any. */
    public Optional<Progress> progress(String orgId) {
        return Optional.ofNullable(rebuilds.get(orgId)).map(Rebuild::progress);
    }

    /** Gives each running rebuild one process in turn until it is done. */
    private void takeTurns() {
        while (!Thread.currentThread().isInterrupted()) {
            Rebuild rebuild;
            try {
                rebuild = turns.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (rebuild.step()) {
                    turns.addLast(rebuild);
                } else {
                    rebuild.finish("completed", clock.instant());
                }
            } catch (RuntimeException e) {
                log.error("Rebuild of {} failed: {}", NAME, e.getClass().getName());
                rebuild.finish("failed", clock.instant());
            }
        }
    }

    private void rebuildOne(String processId) {
        boolean exists = views.lock(processId);
        ProcessView view = null;
        Map<String, TaskRow> taskRows = new LinkedHashMap<>();
        DomainEventStream events = eventStore.readEvents(processId, 0);
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            view = ProcessView.evolve(view, (ProcessEvent) message.getPayload(), message.getSequenceNumber());
            if (message.getPayload() instanceof TaskEvent task) {
                taskRows.put(
                        task.taskId(),
                        TaskRow.evolve(
                                taskRows.get(task.taskId()),
                                task,
                                view.orgId(),
                                Actor.fromMetaData(message.getMetaData())));
            }
        }
        if (view != null) {
            views.replace(view, exists);
            tasks.replaceAll(processId, taskRows.values());
        }
    }

    @Override
    public void destroy() {
        worker.interrupt();
    }

    /** One organization's rebuild: the processes still to replay, and how far it has got. */
    private final class Rebuild {

        private final String orgId;
        private final Instant startedAt;
        private final AtomicLong processed = new AtomicLong();
        private final AtomicLong total = new AtomicLong();
        private Deque<String> remaining;
        private volatile String status = "running";
        private volatile Instant finishedAt;

        Rebuild(String orgId, Instant startedAt) {
            this.orgId = orgId;
            this.startedAt = startedAt;
        }

        /** Replays the next process (listing them on the first turn); false once none is left. */
        boolean step() {
            if (remaining == null) {
                remaining = new ArrayDeque<>(histories.processesOf(orgId));
                total.set(remaining.size());
            }
            String next = remaining.poll();
            if (next == null) {
                return false;
            }
            transaction.executeWithoutResult(status -> rebuildOne(next));
            processed.incrementAndGet();
            return true;
        }

        void finish(String outcome, Instant at) {
            status = outcome;
            finishedAt = at;
            remaining = null;
        }

        Progress progress() {
            return new Progress(NAME, status, processed.get(), total.get(), startedAt, finishedAt);
        }
    }
}
