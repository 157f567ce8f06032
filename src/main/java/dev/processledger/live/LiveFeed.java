package dev.processledger.live;

import dev.processledger.config.LedgerProperties;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tails the event store (Axon's gap-aware stream, so events committed out of order are not missed) and offers
 * each change to the open connections. Each instance tails on its own, so a client sees every instance's writes.
 */
@Component
class LiveFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final EventStore eventStore;
    private final LiveHistory history;
    private final LedgerProperties.Stream settings;
    private final Set<LiveConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> perToken = new ConcurrentHashMap<>();
    private final ExecutorService writers = Executors.newCachedThreadPool(daemon("live-stream-writer"));
    private final ScheduledExecutorService keepAlive =
            Executors.newSingleThreadScheduledExecutor(daemon("live-stream-keep-alive"));
    private volatile boolean running;
    private Thread tail;

    private volatile long position = -1;

    LiveFeed(EventStore eventStore, LiveHistory history, LedgerProperties properties, MeterRegistry registry) {
        this.eventStore = eventStore;
        this.history = history;
        this.settings = properties.stream();
        Gauge.builder("ledger.live.lag", this, LiveFeed::lag)
                .description("Events in the store that the live stream has not yet passed on").register(registry);
        Gauge.builder("ledger.live.connections", connections, Set::size)
                .description("Open live streams on this instance").register(registry);
    }

    /** The live stream is the one consumer that reads the store after the fact: how far behind the head it is. */
    private double lag() {
        long head = history.head();
        return position < 0 ? 0 : Math.max(0, head - position);
    }

    /** Registers a connection, unless its token or this instance already holds the maximum number of streams. */
    synchronized boolean open(LiveConnection connection) {
        AtomicInteger count = perToken.computeIfAbsent(connection.tokenId(), id -> new AtomicInteger());
        if (count.get() >= settings.maxConnectionsPerToken() || connections.size() >= settings.maxConnections()) {
            return false;
        }
        count.incrementAndGet();
        connections.add(connection);
        writers.execute(connection);
        return true;
    }

    synchronized void closed(LiveConnection connection) {
        if (connections.remove(connection)) {
            perToken.get(connection.tokenId()).decrementAndGet();
        }
    }

    @Override
    public void start() {
        running = true;
        tail = new Thread(this::tail, "live-stream-feed");
        tail.setDaemon(true);
        tail.start();
        long interval = settings.keepAlive().toMillis();
        keepAlive.scheduleAtFixedRate(() -> connections.forEach(LiveConnection::keepAlive), interval, interval,
                TimeUnit.MILLISECONDS);
    }

    /** Follows the store from the head at start-up; after a failure it resumes where it stopped. */
    private void tail() {
        TrackingToken position = eventStore.createHeadToken();
        while (running) {
            try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(position)) {
                while (running) {
                    if (stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> message = stream.nextAvailable();
                        position = message.trackingToken();
                        message.trackingToken().position().ifPresent(this::publish);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Live stream lost the event store ({}); retrying", e.getClass().getName());
                    sleepQuietly();
                }
            }
        }
    }

    private void publish(long position) {
        this.position = position;
        history.at(position).forEach(update -> connections.forEach(c -> c.offer(update)));
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every stream before the web server's graceful shutdown waits for open requests. */
    @Override
    public void stop() {
        running = false;
        connections.forEach(LiveConnection::shutdown);
        keepAlive.shutdownNow();
        writers.shutdownNow();
        if (tail != null) {
            tail.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
