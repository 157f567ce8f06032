package dev.processledger.analytics;

import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the analytics model from the start of the event store while updates continue. The processor stops on this
 * instance; {@link AnalyticsRebuild} takes every segment's claim (from other instances too: their next token update
 * fails, their batch in progress rolls back and they stop processing that segment), empties the model, and applies
 * the whole history in one sequential pass on a thread of its own; then the processor starts again from where the pass
 * ended. A store whose processor never stored a token is reset through the processor instead.
 */
@Component
class AnalyticsReplay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsReplay.class);

    private final EventProcessingConfiguration processing;
    private final AnalyticsRebuild rebuild;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread pass;

    AnalyticsReplay(EventProcessingConfiguration processing, AnalyticsRebuild rebuild) {
        this.processing = processing;
        this.rebuild = rebuild;
    }

    /** True when the replay started; false when one runs on this instance already or the reset failed. */
    boolean replay() {
        if (!replaying.compareAndSet(false, true)) {
            return false;
        }
        StreamingEventProcessor processor = processing
                .eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        int[] segments;
        try {
            processor.shutDown();
            segments = rebuild.claimAndClear();
            if (segments.length == 0) {
                processor.resetTokens();
            }
        } catch (RuntimeException refused) {
            log.warn("Analytics replay refused: {}", refused.toString());
            processor.start();
            replaying.set(false);
            return false;
        }
        if (segments.length == 0) {
            processor.start();
            replaying.set(false);
            log.info("Analytics replay started from the first event");
            return true;
        }
        pass = new Thread(
                () -> {
                    try {
                        rebuild.run(segments, AnalyticsRebuild.CHUNK, () -> !running);
                    } finally {
                        // at shutdown the processor stays stopped: Axon is about to stop it anyway
                        if (running) {
                            processor.start();
                        }
                        replaying.set(false);
                    }
                },
                "analytics-rebuild");
        pass.setDaemon(true);
        pass.start();
        log.info("Analytics replay started from the first event");
        return true;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops before Axon does (a higher phase stops first): a pass under way ends after its current batch. */
    @Override
    public void stop() {
        running = false;
        Thread current = pass;
        if (current != null) {
            try {
                current.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
}
