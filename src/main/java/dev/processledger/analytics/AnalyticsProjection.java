package dev.processledger.analytics;

import dev.processledger.process.api.ProcessEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Feeds the analytics model from the event stream, on a streaming processor of its own (never in an update's
 * transaction). A batch of events is gathered in memory and written once, just before the batch commits with its
 * tokens, so a replay costs a few statements per batch rather than several per event.
 */
@Component
@ProcessingGroup(AnalyticsProjection.GROUP)
class AnalyticsProjection {

    /** Analytics buckets, on a pooled streaming processor of their own: never in an update's transaction. */
    static final String GROUP = "analytics";

    private static final String BATCH = AnalyticsBatch.class.getName();

    private final AnalyticsStore store;

    AnalyticsProjection(AnalyticsStore store) {
        this.store = store;
    }

    @EventHandler
    void on(ProcessEvent event) {
        batch().apply(event);
    }

    /** A replay starts from nothing. */
    @ResetHandler
    void reset() {
        store.clear();
    }

    private AnalyticsBatch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            AnalyticsBatch batch = new AnalyticsBatch(store);
            unitOfWork.onPrepareCommit(u -> store.flush(batch));
            return batch;
        });
    }
}
