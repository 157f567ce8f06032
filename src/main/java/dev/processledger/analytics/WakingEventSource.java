package dev.processledger.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The event store as the analytics processor reads it, waking the processor as soon as an event is committed on this
 * instance.
 *
 * <p>The embedded event store's streams cannot tell a reader that events arrived, so a pooled processor looks again
 * only every 500 ms: an update took about half a second to be counted however quiet the service. Here each commit
 * that appended events calls the open streams' callbacks, and the stream's next look waits (briefly) for the store's
 * reader to bring the new events instead of giving up at once. Events appended by another instance still arrive when
 * the processor next looks (docs/analytics.md).
 *
 * <p>Wake-ups are gathered: the first commit after a wake-up schedules the next one {@code gather} later, and the
 * commits meanwhile ride on it. Under load the processor then reads and commits one batch per {@code gather} instead
 * of one per update (each batch costs a durable commit of its own); a quiet service counts an update that much later.
 */
final class WakingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** The longest a look after a wake-up waits for the store's reader to fetch what was committed. */
    private static final int WAIT_AFTER_WAKE_MS = 100;

    private final EventStore store;
    private final Duration gather;
    private final Set<WakingStream> open = new CopyOnWriteArraySet<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "analytics-wake");
        thread.setDaemon(true);
        return thread;
    });

    WakingEventSource(EventStore store, Duration gather) {
        this.store = store;
        this.gather = gather;
        store.subscribe(this::appended);
    }

    /** Called while the appending unit of work prepares its commit; the streams are woken once it has committed. */
    private void appended(List<? extends EventMessage<?>> events) {
        if (open.isEmpty()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> scheduleWake());
        } else {
            scheduleWake();
        }
    }

    private void scheduleWake() {
        if (gather.isZero()) {
            wake();
        } else if (wakeScheduled.compareAndSet(false, true)) {
            waker.schedule(
                    () -> {
                        wakeScheduled.set(false);
                        wake();
                    },
                    gather.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void wake() {
        open.forEach(WakingStream::wake);
    }

    /** Stops gathering wake-ups (the service stops). */
    void shutDown() {
        waker.shutdownNow();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        WakingStream stream = new WakingStream(store.openStream(token));
        open.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant at) {
        return store.createTokenAt(at);
    }

    private final class WakingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final AtomicBoolean woken = new AtomicBoolean();
        private volatile Runnable callback = () -> {};

        private WakingStream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        private void wake() {
            woken.set(true);
            callback.run();
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            events.setOnAvailableCallback(callback);
            return true;
        }

        /** After a wake-up, waits for the committed events to be fetched rather than looking again in 500 ms. */
        @Override
        public boolean hasNextAvailable() {
            try {
                if (events.hasNextAvailable()) {
                    return true;
                }
                return woken.getAndSet(false) && events.hasNextAvailable(WAIT_AFTER_WAKE_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return events.hasNextAvailable(timeout, unit);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return events.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return events.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignored) {
            events.skipMessagesWithPayloadTypeOf(ignored);
        }

        @Override
        public Stream<TrackedEventMessage<?>> asStream() {
            return events.asStream();
        }

        @Override
        public void close() {
            open.remove(this);
            events.close();
        }
    }
}
