package dev.processledger.analytics;

import dev.processledger.process.api.ProcessEvent;
import java.util.function.BooleanSupplier;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the analytics model from the first event in one sequential pass, while the processor is stopped on this
 * instance and this instance holds every segment's claim. The events are applied in global order on one thread
 * (so every namespace's events stay in order, as the processor's segments keep them) to batches of {@link #CHUNK}
 * events; each batch is written in one transaction together with every segment's token, so a rebuild that stops
 * anywhere (a crash, a lost claim) leaves the model and the tokens agreeing, and the processor goes on from there.
 * When the pass finds no further event the claims are released and the processor continues from the same tokens.
 */
@Component
class AnalyticsRebuild {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsRebuild.class);

    /**
     * Events per written batch: large enough that writing costs little per event, small enough that a batch takes a
     * few seconds at most, well inside the claim time-out (10 s) that each write renews.
     */
    static final int CHUNK = 20_000;

    private final EventStore events;
    private final TokenStore tokens;
    private final AnalyticsStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AnalyticsRebuild(
            EventStore events,
            TokenStore tokens,
            AnalyticsStore store,
            JdbcTemplate jdbc,
            TransactionTemplate transaction) {
        this.events = events;
        this.tokens = tokens;
        this.store = store;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Empties the model and points every segment at the first event, claimed by this instance, in one transaction
     * (another instance's claims are cleared first: its next token update fails and its batch rolls back). Returns
     * the segments, none when the processor has never stored a token.
     */
    int[] claimAndClear() {
        return transaction.execute(status -> {
            // another instance's batch that stored its token first commits before this lock is granted
            jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ?", AnalyticsProjection.GROUP);
            int[] segments = tokens.fetchSegments(AnalyticsProjection.GROUP);
            if (segments.length == 0) {
                return segments;
            }
            for (int segment : segments) {
                tokens.fetchToken(AnalyticsProjection.GROUP, segment);
                tokens.storeToken(null, AnalyticsProjection.GROUP, segment);
            }
            store.clear();
            return segments;
        });
    }

    /**
     * Applies every event from the first to the last one found, in batches of {@code chunk} events, then lets the
     * segments go. {@code stopping} is asked between batches: a pass stopped that way leaves what it wrote, with its
     * tokens, as a failure would.
     */
    void run(int[] segments, int chunk, BooleanSupplier stopping) {
        long started = System.nanoTime();
        long applied = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
            while (true) {
                AnalyticsBatch batch = new AnalyticsBatch(store);
                TrackingToken reached = null;
                int read = 0;
                while (read < chunk && stream.hasNextAvailable()) {
                    TrackedEventMessage<?> message = stream.nextAvailable();
                    if (ProcessEvent.class.isAssignableFrom(message.getPayloadType())) {
                        batch.apply((ProcessEvent) message.getPayload());
                    }
                    reached = message.trackingToken();
                    read++;
                }
                if (reached == null) {
                    break;
                }
                if (stopping.getAsBoolean()) {
                    log.info(
                            "Analytics rebuild stopped with the service after {} events; the processor goes on from"
                                    + " there",
                            applied);
                    return;
                }
                TrackingToken position = reached;
                transaction.executeWithoutResult(status -> {
                    store.flush(batch);
                    for (int segment : segments) {
                        tokens.storeToken(position, AnalyticsProjection.GROUP, segment);
                    }
                });
                applied += read;
            }
            log.info("Analytics rebuilt from {} events in {} ms", applied, (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn(
                    "Analytics rebuild stopped after {} events ({}); the processor goes on from there",
                    applied,
                    e.getClass().getName());
        } finally {
            for (int segment : segments) {
                try {
                    transaction.executeWithoutResult(status -> tokens.releaseClaim(AnalyticsProjection.GROUP, segment));
                } catch (RuntimeException e) {
                    // a claim another instance took over is not ours to release
                }
            }
        }
    }
}
