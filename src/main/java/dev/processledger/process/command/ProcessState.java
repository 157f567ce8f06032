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

    private String orgId;
    private ProcessDefinition definition;
    private Instant startedAt;
    private ProcessStatus status;
    private final Map<String, Step> steps = new LinkedHashMap<>();

    public boolean exists() {
        return status != null;
    }

    public String orgId() {
        return orgId;
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
        copy.steps.putAll(steps);
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
        } else {
            throw new IllegalArgumentException(
                    "ProcessState does not handle " + event.getClass().getName());
        }
    }

    private void setStepStatus(String key, StepStatus newStatus) {
        steps.computeIfPresent(key, (k, step) -> step.with(newStatus));
    }
}
