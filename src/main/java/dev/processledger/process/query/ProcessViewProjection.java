package dev.processledger.process.query;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskEvent;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Keeps the stored {@link ProcessView} of each process, and the {@link TaskRow} of each of its tasks, up to date, one
 * event at a time.
 */
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
    private final TaskViewRepository tasks;

    ProcessViewProjection(ProcessViewRepository views, TaskViewRepository tasks) {
        this.views = views;
        this.tasks = tasks;
    }

    @EventHandler
    void on(ProcessEvent event, @SequenceNumber long sequence, MetaData metaData) {
        if (event instanceof ProcessCreatedEvent) {
            views.insert(ProcessView.evolve(null, event, sequence));
            return;
        }
        views.lock(event.processId());
        ProcessView view = views.load(event.processId())
                .orElseThrow(() -> new IllegalStateException(
                        "no view of process " + event.processId() + " to apply event " + sequence + " to"));
        views.update(ProcessView.evolve(view, event, sequence));
        if (event instanceof TaskEvent task) {
            Actor actor = Actor.fromMetaData(metaData);
            if (task instanceof TaskCreatedEvent) {
                tasks.insert(TaskRow.evolve(null, task, view.orgId(), actor));
            } else {
                TaskRow row = tasks.load(task.taskId())
                        .orElseThrow(() -> new IllegalStateException("no row of task " + task.taskId()));
                tasks.update(TaskRow.evolve(row, task, view.orgId(), actor));
            }
        }
    }
}
