package dev.processledger.process.query;

import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** Keeps the stored {@link ProcessView} of each process up to date, one event at a time. */
@Component
@ProcessingGroup(ProcessViewProjection.GROUP)
class ProcessViewProjection {

    /** The read model of processes, updated in the event's own transaction. */
    static final String GROUP = "process-view";

    /** A failing handler rolls the command back instead of leaving the read model behind. */
    @Configuration(proxyBeanMethods = false)
    static class ErrorPolicy {

        @Bean
        ConfigurerModule processViewErrorPolicy() {
            return configurer -> configurer
                    .eventProcessing()
                    .registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance());
        }
    }

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
        ProcessView view = views.load(event.processId())
                .orElseThrow(() -> new IllegalStateException(
                        "no view of process " + event.processId() + " to apply event " + sequence + " to"));
        views.update(ProcessView.evolve(view, event, sequence));
    }
}
