package dev.processledger.live;

import dev.processledger.config.LedgerProperties;
import dev.processledger.security.TokenValidity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
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
    private final Map<String, AtomicInteger> perOrganization = new ConcurrentHashMap<>();
    private final TokenValidity tokens;
    private final ExecutorService writers = Executors.newCachedThreadPool(daemon("live-stream-writer"));
    private final ScheduledExecutorService keepAlive =
            Executors.newSingleThreadScheduledExecutor(daemon("live-stream-keep-alive"));
    private volatile boolean running;
    private Thread tail;

    private volatile long position = -1;

    LiveFeed(
            EventStore eventStore,
            LiveHistory history,
            LedgerProperties properties,
            MeterRegistry registry,
            TokenValidity tokens) {
        this.eventStore = eventStore;
        this.history = history;
        this.tokens = tokens;
        this.settings = properties.stream();
        Gauge.builder("ledger.live.lag", this, LiveFeed::lag)
                .description("Events in the store that the live stream has not yet passed on")
                .register(registry);
        Gauge.builder("ledger.live.connections", connections, Set::size)
                .description("Open live streams on this instance")
                .register(registry);
    }

    /** The live stream is the one consumer that reads the store after the fact: how far behind the head it is. */
    private double lag() {
        long head = history.head();
        return position < 0 ? 0 : Math.max(0, head - position);
    }

    /** Why a stream could not be opened: which of the limits it would break. */
    enum Refusal {
        PER_TOKEN,
        PER_ORGANIZATION,
        PER_INSTANCE
    }

    /**
     * Registers a connection, unless its token, its organization or this instance already holds the maximum number
     * of streams; the organization's cap keeps one organization from taking every place on the instance.
     */
    synchronized Optional<Refusal> open(LiveConnection connection) {
        AtomicInteger tokenCount = perToken.computeIfAbsent(connection.tokenId(), id -> new AtomicInteger());
        AtomicInteger orgCount = perOrganization.computeIfAbsent(connection.orgId(), id -> new AtomicInteger());
        if (tokenCount.get() >= settings.maxConnectionsPerToken()) {
            return Optional.of(Refusal.PER_TOKEN);
        }
        if (orgCount.get() >= settings.maxConnectionsPerOrganization()) {
            return Optional.of(Refusal.PER_ORGANIZATION);
        }
        if (connections.size() >= settings.maxConnections()) {
            return Optional.of(Refusal.PER_INSTANCE);
        }
        tokenCount.incrementAndGet();
        orgCount.incrementAndGet();
        connections.add(connection);
        writers.execute(connection);
        return Optional.empty();
    }

    synchronized void closed(LiveConnection connection) {
        if (connections.remove(connection)) {
            perToken.get(connection.tokenId()).decrementAndGet();
            perOrganization.get(connection.orgId()).decrementAndGet();
        }
    }

    /**
     * Every keep-alive, streams whose token has been revoked or has expired since they opened are ended: a token
     * that can no longer open a stream can no longer hold one either, on any instance.
     */
    private void keepAliveAndCheckTokens() {
        connections.forEach(LiveConnection::keepAlive);
        try {
            Set<UUID> held = new HashSet<>();
            connections.forEach(c -> held.add(c.tokenId()));
            Map<UUID, String> gone = tokens.noLongerWorking(held);
            connections.stream().filter(c -> gone.containsKey(c.tokenId())).forEach(c -> c.end(gone.get(c.tokenId())));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not check the tokens of open live streams ({}); checking again at the next keep-alive",
                    e.getClass().getName());
        }
    }

    @Override
    public void start() {
        running = true;
        tail = new Thread(this::tail, "live-stream-feed");
        tail.setDaemon(true);
        tail.start();
        long interval = settings.keepAlive().toMillis();
        keepAlive.scheduleAtFixedRate(this::keepAliveAndCheckTokens, interval, interval, TimeUnit.MILLISECONDS);
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
                        publish(message);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn(
                            "Live stream lost the event store ({}); retrying",
                            e.getClass().getName());
                    sleepQuietly();
                }
            }
        }
    }

    /** Reads the change an event made only when a stream is open to receive it. */
    private void publish(TrackedEventMessage<?> message) {
        message.trackingToken().position().ifPresent(reached -> this.position = reached);
        if (!connections.isEmpty() && message instanceof DomainEventMessage<?> event) {
            history.event(event.getAggregateIdentifier(), event.getSequenceNumber())
                    .forEach(update -> connections.forEach(c -> c.offer(update)));
        }
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
