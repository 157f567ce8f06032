package dev.processledger.analytics;

import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the analytics model from the start of the event store: the processor stops, its tokens go back to the
 * first event (its reset handler empties the model) and it starts again, catching up while updates continue. With
 * several instances the others must have released the processor's segments, else the reset is refused.
 */
@Component
class AnalyticsReplay {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsReplay.class);

    private final EventProcessingConfiguration processing;
    private final AtomicBoolean resetting = new AtomicBoolean();

    AnalyticsReplay(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** True when the replay started; false when one is being set up already or a segment is held elsewhere. */
    boolean start() {
        if (!resetting.compareAndSet(false, true)) {
            return false;
        }
        StreamingEventProcessor processor = processing.eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        try {
            processor.shutDown();
            processor.resetTokens();
            log.info("Analytics replay started from the first event");
            return true;
        } catch (RuntimeException refused) {
            log.warn("Analytics replay refused: {}", refused.getClass().getSimpleName());
            return false;
        } finally {
            processor.start();
            resetting.set(false);
        }
    }
}
