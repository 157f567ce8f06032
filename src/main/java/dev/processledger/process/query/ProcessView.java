package dev.processledger.process.query;

import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskEvent;
import dev.processledger.process.api.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A process as operators see it: status, timeline and current step, evolved event by event. The projection
 * stores it, point-in-time reads replay into it, so both show a process the same way.
 */
public final class ProcessView {

    private final String processId;
    private final String orgId;
    private final String namespace;
    private final String name;
    private final String description;
    private final Long staleAfterSeconds;
    private final Instant startedAt;
    private final Map<String, StepView> steps = new LinkedHashMap<>();
    private final Set<String> changedSteps = new LinkedHashSet<>();
    private final List<String> taskIds = new ArrayList<>();
    private ProcessStatus status;
    private Instant completedAt;
    private Instant updatedAt;
    private String summary;
    private String error;
    private long version;

    ProcessView(
            String processId,
            String orgId,
            String namespace,
            String name,
            String description,
            Long staleAfterSeconds,
            Instant startedAt) {
        this.processId = processId;
        this.orgId = orgId;
        this.namespace = namespace;
        this.name = name;
        this.description = description;
        this.staleAfterSeconds = staleAfterSeconds;
        this.startedAt = startedAt;
    }

    /** The view after one more event; the first event of a process must be its creation. */
    public static ProcessView evolve(ProcessView current, ProcessEvent event, long sequence) {
        if (event instanceof ProcessCreatedEvent created) {
            return created(created, sequence);
        }
        if (current == null) {
            throw new IllegalStateException(
                    "event " + sequence + " of " + event.processId() + " precedes its creation");
        }
        current.apply(event, sequence);
        return current;
    }

    private static ProcessView created(ProcessCreatedEvent event, long sequence) {
        ProcessView view = new ProcessView(
                event.processId(),
                event.orgId(),
                event.definition().namespace(),
                event.definition().name(),
                event.definition().description(),
                event.definition().staleAfterSeconds(),
                event.at());
        List<StepDefinition> definitions = event.definition().steps();
        for (int i = 0; i < definitions.size(); i++) {
            StepDefinition definition = definitions.get(i);
            view.steps.put(definition.key(), StepView.pending(definition, i));
            view.changedSteps.add(definition.key());
        }
        view.status = ProcessStatus.RUNNING;
        view.updatedAt = event.at();
        view.version = sequence;
        return view;
    }

    private void apply(ProcessEvent event, long sequence) {
        if (event instanceof StepStartedEvent e) {
            step(e.step()).start(e.attempt(), e.detail(), e.at(), sequence);
        } else if (event instanceof StepProgressedEvent e) {
            step(e.step()).progress(e.message(), e.percent());
        } else if (event instanceof StepCompletedEvent e) {
            step(e.step())
                    .finish(StepStatus.COMPLETED, e.attempt(), e.at(), sequence)
                    .complete(e.detail(), e.data());
        } else if (event instanceof StepFailedEvent e) {
            step(e.step())
                    .finish(StepStatus.FAILED, e.attempt(), e.at(), sequence)
                    .fail(e.error());
        } else if (event instanceof StepTimedOutEvent e) {
            step(e.step()).finish(StepStatus.TIMED_OUT, null, e.at(), sequence);
        } else if (event instanceof StepCancelledEvent e) {
            step(e.step()).finish(StepStatus.CANCELLED, null, e.at(), sequence);
        } else if (event instanceof StepSkippedEvent e) {
            step(e.step()).skip();
        } else if (event instanceof ProcessCompletedEvent e) {
            finish(ProcessStatus.COMPLETED, e.at());
            summary = e.summary();
        } else if (event instanceof ProcessFailedEvent e) {
            finish(ProcessStatus.FAILED, e.at());
            error = e.error();
        } else if (event instanceof TaskCreatedEvent e) {
            taskIds.add(e.taskId());
            step(e.step()).task(e.taskId());
        } else if (event instanceof TaskEvent) {
            // a task's decision or cancellation shows through the step event that follows it, if any
        } else {
            throw new IllegalArgumentException(
                    "ProcessView does not handle " + event.getClass().getName());
        }
        updatedAt = event.at();
        version = sequence;
    }

    private StepView step(String key) {
        StepView step = steps.get(key);
        if (step == null) {
            throw new IllegalStateException("process " + processId + " has no step " + key);
        }
        changedSteps.add(key);
        return step;
    }

    private void finish(ProcessStatus finalStatus, Instant at) {
        status = finalStatus;
        completedAt = at;
    }

    /**
     * The most recently started step still running; else the first pending step in definition order;
     * none once the process has finished.
     */
    public String currentStep() {
        if (status != ProcessStatus.RUNNING) {
            return null;
        }
        return steps.values().stream()
                .filter(s -> s.status() == StepStatus.RUNNING)
                .max(Comparator.comparingLong(StepView::startedSequence))
                .or(() -> steps.values().stream()
                        .filter(s -> s.status() == StepStatus.PENDING)
                        .findFirst())
                .map(StepView::key)
                .orElse(null);
    }

    public ProcessDetails toDetails() {
        List<StepDefinition> definitions =
                steps.values().stream().map(StepView::definition).toList();
        List<TimelineEntry> timeline =
                steps.values().stream().map(StepView::toEntry).toList();
        return new ProcessDetails(
                processId,
                namespace,
                name,
                description,
                status,
                currentStep(),
                definitions,
                timeline,
                List.copyOf(taskIds),
                startedAt,
                completedAt,
                summary,
                error,
                updatedAt,
                version);
    }

    /** Steps changed since this view was loaded or created, in definition order. */
    List<StepView> changedSteps() {
        return changedSteps.stream().map(steps::get).toList();
    }

    List<StepView> steps() {
        return List.copyOf(steps.values());
    }

    List<String> taskIds() {
        return taskIds;
    }

    void restoreTaskIds(List<String> ids) {
        taskIds.clear();
        taskIds.addAll(ids);
    }

    void restoreStep(StepView step) {
        steps.put(step.key(), step);
    }

    void restoreState(
            ProcessStatus status, Instant completedAt, Instant updatedAt, String summary, String error, long version) {
        this.status = status;
        this.completedAt = completedAt;
        this.updatedAt = updatedAt;
        this.summary = summary;
        this.error = error;
        this.version = version;
    }

    public String processId() {
        return processId;
    }

    public String orgId() {
        return orgId;
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    Long staleAfterSeconds() {
        return staleAfterSeconds;
    }

    Instant startedAt() {
        return startedAt;
    }

    ProcessStatus status() {
        return status;
    }

    Instant completedAt() {
        return completedAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    String summary() {
        return summary;
    }

    String error() {
        return error;
    }

    public long version() {
        return version;
    }
}
