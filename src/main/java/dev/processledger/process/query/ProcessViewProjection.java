package dev.processledger.process.query;

import static dev.processledger.config.AxonConfig.PROCESS_VIEW_GROUP;

import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the stored {@link ProcessView} of each process up to date, one event at a time. */
@Component
@ProcessingGroup(PROCESS_VIEW_GROUP)
class ProcessViewProjection {

    private final ProcessViewRepository views;

    ProcessViewProjection(ProcessViewRepository views) {
        this.views = views;
    }

    @EventHandler
    void on(ProcessEvent event, @SequenceNumber long sequence) {
        if (event instanceof ProcessCreatedEvent) {
            views.insert(ProcessView.evolve(null, event, sequence));
            return;
        }
        views.lock(event.processId());
        ProcessView view = views.load(event.processId()).orElseThrow(() -> new IllegalStateException(
                "no view of process " + event.processId() + " to apply event " + sequence + " to"));
        views.update(ProcessView.evolve(view, event, sequence));
    }
}
