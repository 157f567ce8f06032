package dev.processledger.analytics;

import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the analytics model from the start of the event store: the processor stops, its tokens go back to the
 * first event (its reset handler empties the model) and it starts again, catching up while updates continue. With
 * several instances this one takes every segment over: in the reset's transaction the claims are released, so the
 * reset claims them; another instance that held one can no longer store its token or extend its claim, so its
 * batch in progress rolls back and it stops processing that segment.
 */
@Component
class AnalyticsReplay {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsReplay.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AtomicBoolean resetting = new AtomicBoolean();

    AnalyticsReplay(
            EventProcessingConfiguration processing, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** True when the replay started; false when one is being set up already or the reset failed. */
    boolean start() {
        if (!resetting.compareAndSet(false, true)) {
            return false;
        }
        StreamingEventProcessor processor = processing
                .eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        try {
            processor.shutDown();
            transaction.executeWithoutResult(status -> {
                // another instance's batch that stored its token first commits before this lock is granted
                jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ?", AnalyticsProjection.GROUP);
                processor.resetTokens();
            });
            log.info("Analytics replay started from the first event");
            return true;
        } catch (RuntimeException refused) {
            log.warn("Analytics replay refused: {}", refused.toString());
            return false;
        } finally {
            processor.start();
            resetting.set(false);
        }
    }
}
