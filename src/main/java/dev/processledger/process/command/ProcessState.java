package dev.processledger.process.command;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskEvent;
import dev.processledger.process.api.TaskRejectedEvent;
import dev.processledger.process.api.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the rules need to know about a process: its owner, its definition and each step's status and attempt.
 * Plain Java, evolved only by events, so the aggregate and a replay build the same state. Its fields are what
 * an aggregate snapshot stores.
 */
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class ProcessState {

    /** Status and start count of one step, and when it last had an update (for its stale timeout). */
    public record Step(String key, StepStatus status, int attempt, Instant lastUpdate) {

        Step with(StepStatus newStatus) {
            return new Step(key, newStatus, attempt, lastUpdate);
        }
    }

    /**
     * One approval task: the step it gates, where it stands, and what the four-eyes rule needs. {@code status} is
     * the stored one; {@link #statusAt} also knows expiry.
     */
    public record Task(
            String taskId,
            String step,
            TaskStatus status,
            Instant expiresAt,
            boolean distinctApprover,
            String createdBy) {

        public TaskStatus statusAt(Instant now) {
            return TaskStatus.at(status, expiresAt, now);
        }

        Task with(TaskStatus newStatus) {
            return new Task(taskId, step, newStatus, expiresAt, distinctApprover, createdBy);
        }
    }

    private String orgId;
    /** The id of the token that created the process, when known (for the four-eyes rule). */
    private String createdBy;

    private ProcessDefinition definition;
    private Instant startedAt;
    private ProcessStatus status;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();

    public boolean exists() {
        return status != null;
    }

    public String orgId() {
        return orgId;
    }

    public String createdBy() {
        return createdBy;
    }

    /** Notes the token that created the process (its id travels in the creation event's metadata). */
    void createdBy(String tokenId) {
        this.createdBy = tokenId;
    }

    public Optional<Task> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId));
    }

    /** Every task the process has had, in creation order. */
    public List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    public ProcessDefinition definition() {
        return definition;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public ProcessStatus status() {
        return status;
    }

    public Optional<Step> step(String key) {
        return Optional.ofNullable(steps.get(key));
    }

    /** Steps in definition order. */
    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    /** An independent state equal to this one, to look ahead at what events would do. */
    ProcessState copy() {
        ProcessState copy = new ProcessState();
        copy.orgId = orgId;
        copy.definition = definition;
        copy.startedAt = startedAt;
        copy.status = status;
        copy.createdBy = createdBy;
        copy.steps.putAll(steps);
        copy.tasks.putAll(tasks);
        return copy;
    }

    /** Evolves by one event; every event type has a branch (a new type that has none fails here and in a test). */
    public void apply(ProcessEvent event) {
        if (event instanceof ProcessCreatedEvent created) {
            orgId = created.orgId();
            definition = created.definition();
            startedAt = created.at();
            status = ProcessStatus.RUNNING;
            created.definition()
                    .steps()
                    .forEach(s -> steps.put(s.key(), new Step(s.key(), StepStatus.PENDING, 0, null)));
        } else if (event instanceof StepStartedEvent started) {
            steps.put(started.step(), new Step(started.step(), StepStatus.RUNNING, started.attempt(), started.at()));
        } else if (event instanceof StepProgressedEvent progressed) {
            steps.computeIfPresent(
                    progressed.step(), (k, step) -> new Step(k, step.status(), step.attempt(), progressed.at()));
        } else if (event instanceof StepCompletedEvent completed) {
            steps.put(
                    completed.step(),
                    new Step(completed.step(), StepStatus.COMPLETED, completed.attempt(), completed.at()));
        } else if (event instanceof StepFailedEvent failed) {
            steps.put(failed.step(), new Step(failed.step(), StepStatus.FAILED, failed.attempt(), failed.at()));
        } else if (event instanceof StepTimedOutEvent timedOut) {
            setStepStatus(timedOut.step(), StepStatus.TIMED_OUT);
        } else if (event instanceof StepSkippedEvent skipped) {
            setStepStatus(skipped.step(), StepStatus.SKIPPED);
        } else if (event instanceof StepCancelledEvent cancelled) {
            setStepStatus(cancelled.step(), StepStatus.CANCELLED);
        } else if (event instanceof ProcessCompletedEvent) {
            status = ProcessStatus.COMPLETED;
        } else if (event instanceof ProcessFailedEvent) {
            status = ProcessStatus.FAILED;
        } else if (event instanceof TaskEvent task) {
            apply(task);
        } else {
            throw new IllegalArgumentException(
                    "ProcessState does not handle " + event.getClass().getName());
        }
    }

    private void apply(TaskEvent event) {
        if (event instanceof TaskCreatedEvent created) {
            tasks.put(
                    created.taskId(),
                    new Task(
                            created.taskId(),
                            created.step(),
                            TaskStatus.PENDING,
                            created.expiresAt(),
                            created.distinctApprover(),
                            created.createdBy()));
        } else if (event instanceof TaskApprovedEvent) {
            tasks.computeIfPresent(event.taskId(), (k, task) -> task.with(TaskStatus.APPROVED));
        } else if (event instanceof TaskRejectedEvent) {
            tasks.computeIfPresent(event.taskId(), (k, task) -> task.with(TaskStatus.REJECTED));
        } else if (event instanceof TaskCancelledEvent) {
            tasks.computeIfPresent(event.taskId(), (k, task) -> task.with(TaskStatus.CANCELLED));
        } else {
            throw new IllegalArgumentException(
                    "ProcessState does not handle " + event.getClass().getName());
        }
    }

    private void setStepStatus(String key, StepStatus newStatus) {
        steps.computeIfPresent(key, (k, step) -> step.with(newStatus));
    }
}
