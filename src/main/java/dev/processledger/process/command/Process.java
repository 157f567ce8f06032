package dev.processledger.process.command;

import static dev.processledger.process.api.ProcessRejectedException.Reason.HISTORY_FULL;
import static dev.processledger.process.api.ProcessRejectedException.Reason.ID_IN_USE;
import static dev.processledger.process.api.ProcessRejectedException.Reason.NOT_FOUND;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One process: checks each update against the current step state (via {@link ProcessRules}) before it appends
 * anything. Update handlers return the sequence number of the last event they appended. Axon routes a command
 * by its class name, so each update command has a handler of its own; all of them share {@code update}.
 */
@Aggregate(snapshotTriggerDefinition = "processSnapshotTrigger", cache = "processCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Process {

    @AggregateIdentifier
    private String processId;
    private final ProcessState state = new ProcessState();

    protected Process() {
        // Axon creates the instance, then replays its events.
    }

    /** Creates the process; an identical retry returns the original start time and appends nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Instant handle(CreateProcessCommand command) {
        if (!state.exists()) {
            apply(new ProcessCreatedEvent(command.processId(), command.orgId(), command.definition(), command.at()));
            return command.at();
        }
        if (state.orgId().equals(command.orgId()) && state.definition().equals(command.definition())) {
            return state.startedAt();
        }
        throw new ProcessRejectedException(ID_IN_USE, command.processId(), null, null,
                "process_id is already in use by another process");
    }

    @CommandHandler
    public long handle(StartStepCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    @CommandHandler
    public long handle(RecordProgressCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    @CommandHandler
    public long handle(CompleteStepCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    @CommandHandler
    public long handle(FailStepCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    @CommandHandler
    public long handle(CompleteProcessCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    @CommandHandler
    public long handle(FailProcessCommand command, HistoryLimit limit, EventStore store, DeadlineManager deadlines,
                       StaleAfter staleAfter) {
        return update(command, limit, store, deadlines, staleAfter);
    }

    private long update(ProcessUpdateCommand command, HistoryLimit limit, EventStore store,
                        DeadlineManager deadlines, StaleAfter staleAfter) {
        if (!state.orgId().equals(command.orgId())) {
            throw new ProcessRejectedException(NOT_FOUND, command.processId(), null, null, "process not found");
        }
        List<ProcessEvent> events;
        try {
            events = ProcessRules.decide(state, command);
        } catch (ProcessRejectedException rejected) {
            throw staleOr(rejected, store);
        }
        long eventsHeld = AggregateLifecycle.getVersion() + 1;
        boolean finishes = command instanceof CompleteProcessCommand || command instanceof FailProcessCommand;
        if (!limit.allows(state, eventsHeld, events, finishes)) {
            throw new ProcessRejectedException(HISTORY_FULL, command.processId(), null, state.status().wireName(),
                    "process holds %d events; the limit is %d".formatted(eventsHeld, limit.maxEventsPerProcess()));
        }
        events.forEach(AggregateLifecycle::apply);
        events.forEach(event -> keepStaleDeadline(event, deadlines, staleAfter));
        return AggregateLifecycle.getVersion();
    }

    /**
     * A started step gets a stale deadline (persisted, so it survives restarts); a step that stops running loses
     * it. Progress does not touch it: the deadline checks the step's last update when it fires and, if the step
     * was heard from since, sets itself again for the rest of the timeout. So progress costs no deadline writes.
     */
    private void keepStaleDeadline(ProcessEvent event, DeadlineManager deadlines, StaleAfter staleAfter) {
        String step = event instanceof StepStartedEvent started ? started.step()
                : event instanceof StepCompletedEvent completed ? completed.step()
                : event instanceof StepFailedEvent failed ? failed.step()
                : event instanceof StepCancelledEvent cancelled ? cancelled.step()
                : null;
        if (step == null) {
            return;
        }
        deadlines.cancelAllWithinScope(StaleStep.deadlineName(step));
        if (event instanceof StepStartedEvent) {
            deadlines.schedule(staleAfter.of(state.definition()), StaleStep.deadlineName(step), new StaleStep(step));
        }
    }

    /**
     * The server settles a step that had no update for its stale timeout. If the step was heard from since the
     * deadline was set, it is set again for the rest of the timeout; if the step moved on, nothing happens.
     * Time-outs are not held to the history cap: a process at the cap still has its steps settled.
     */
    @DeadlineHandler
    void on(StaleStep deadline, Clock clock, StaleAfter staleAfter, DeadlineManager deadlines) {
        Instant now = clock.instant();
        ProcessState.Step step = state.step(deadline.step()).orElse(null);
        if (state.status() != ProcessStatus.RUNNING || step == null || step.status() != StepStatus.RUNNING) {
            return;
        }
        Instant due = step.lastUpdate().plus(staleAfter.of(state.definition()));
        if (due.isAfter(now)) {
            deadlines.schedule(Duration.between(now, due), StaleStep.deadlineName(deadline.step()), deadline);
            return;
        }
        ProcessRules.timeOut(state, processId, deadline.step(), now).forEach(AggregateLifecycle::apply);
    }

    /**
     * A refusal is only final if this instance's state is current. With several instances, a cached aggregate
     * may lag behind another instance's appends: then the command fails with a ConcurrencyException, the cache
     * entry is evicted on rollback, and the gateway retries on fresh state. Accepted updates need no check: a
     * stale append collides with the store's (aggregate, sequence) key.
     */
    private RuntimeException staleOr(ProcessRejectedException rejected, EventStore store) {
        long stored = store.lastSequenceNumberFor(processId).orElse(-1L);
        return stored == AggregateLifecycle.getVersion() ? rejected
                : new ConcurrencyException("process " + processId + " changed since it was cached");
    }

    @EventSourcingHandler
    void on(ProcessEvent event) {
        processId = event.processId();
        state.apply(event);
    }
}
