package dev.processledger.process.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.CancelTaskCommand;
import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.CompleteTaskCommand;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.CreateTaskCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepStartedEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One process: checks each update against the current step state (via {@link ProcessRules}) before it appends
 * anything. Update handlers return the sequence number of the last event they appended. Axon routes a command
 * by its class name, so each update command has a handler of its own; all of them share {@code update}. Its
 * {@code @Revision} is that of its snapshot's shape ({@link ProcessState}): raise it when that shape changes, and
 * Axon skips the older snapshots instead of loading them with fields missing.
 */
@Aggregate(snapshotTriggerDefinition = "processSnapshotTrigger", cache = "processCache")
@Revision("2")
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
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
        throw ProcessRejectedException.idInUse(command.processId()).seenAt(AggregateLifecycle.getVersion());
    }

    @CommandHandler
    public long handle(StartStepCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    @CommandHandler
    public long handle(RecordProgressCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    @CommandHandler
    public long handle(CompleteStepCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    @CommandHandler
    public long handle(FailStepCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    @CommandHandler
    public long handle(CompleteProcessCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    @CommandHandler
    public long handle(FailProcessCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return update(command, limits, deadlines);
    }

    /** Opens an approval task for a step; returns the sequence of the task's creation. */
    @CommandHandler
    public long handle(CreateTaskCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return decideAndApply(
                command.processId(), command.orgId(), false, limits, deadlines, () -> TaskRules.create(state, command));
    }

    @CommandHandler
    public long handle(CompleteTaskCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return decideAndApply(
                command.processId(),
                command.orgId(),
                false,
                limits,
                deadlines,
                () -> TaskRules.complete(state, command));
    }

    @CommandHandler
    public long handle(CancelTaskCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return decideAndApply(
                command.processId(), command.orgId(), false, limits, deadlines, () -> TaskRules.cancel(state, command));
    }

    private long update(ProcessUpdateCommand command, ProcessLimits limits, DeadlineManager deadlines) {
        return decideAndApply(
                command.processId(),
                command.orgId(),
                command instanceof CompleteProcessCommand || command instanceof FailProcessCommand,
                limits,
                deadlines,
                () -> ProcessRules.decide(state, command));
    }

    /**
     * Decides with the rules, then applies. A refusal notes the version it was decided at, so that a cached state
     * behind another instance's appends can be caught and the command retried on fresh state (see
     * {@link StaleRefusals}).
     */
    private long decideAndApply(
            String processId,
            String orgId,
            boolean finishing,
            ProcessLimits limits,
            DeadlineManager deadlines,
            Supplier<List<ProcessEvent>> decision) {
        long version = AggregateLifecycle.getVersion();
        if (!state.orgId().equals(orgId)) {
            throw ProcessRejectedException.notFound(processId);
        }
        List<ProcessEvent> events;
        try {
            events = decision.get();
        } catch (ProcessRejectedException rejected) {
            throw rejected.seenAt(version);
        }
        if (!ProcessRules.withinHistory(limits, state, version + 1, events, finishing)) {
            throw ProcessRejectedException.historyFull(
                            processId, state.status(), version + 1, limits.maxEventsPerProcess())
                    .seenAt(version);
        }
        events.forEach(AggregateLifecycle::apply);
        events.forEach(event -> keepStaleDeadline(event, deadlines, limits));
        return AggregateLifecycle.getVersion();
    }

    /**
     * A started step gets a stale deadline (persisted, so it survives restarts); a step that stops running loses
     * it. Progress does not touch it: the deadline checks the step's last update when it fires and, if the step
     * was heard from since, sets itself again for the rest of the timeout. So progress costs no deadline writes.
     */
    private void keepStaleDeadline(ProcessEvent event, DeadlineManager deadlines, ProcessLimits limits) {
        String step = event instanceof StepStartedEvent started
                ? started.step()
                : event instanceof StepCompletedEvent completed
                        ? completed.step()
                        : event instanceof StepFailedEvent failed
                                ? failed.step()
                                : event instanceof StepCancelledEvent cancelled ? cancelled.step() : null;
        if (step == null) {
            return;
        }
        deadlines.cancelAllWithinScope(StaleStep.deadlineName(step));
        if (event instanceof StepStartedEvent) {
            deadlines.schedule(
                    limits.staleAfter(state.definition()), StaleStep.deadlineName(step), new StaleStep(step));
        }
    }

    /** The server settles a step that had no update for its stale timeout, as {@link ProcessRules#whenStale} decides. */
    @DeadlineHandler
    void on(StaleStep deadline, Clock clock, ProcessLimits limits, DeadlineManager deadlines) {
        ProcessRules.StaleDecision decision =
                ProcessRules.whenStale(limits, state, processId, deadline.step(), clock.instant());
        if (decision instanceof ProcessRules.StaleDecision.SetAgain again) {
            deadlines.schedule(again.after(), StaleStep.deadlineName(deadline.step()), deadline);
        } else if (decision instanceof ProcessRules.StaleDecision.TimeOut timeOut) {
            timeOut.events().forEach(AggregateLifecycle::apply);
        }
    }

    @EventSourcingHandler
    void on(ProcessEvent event, MetaData metaData) {
        processId = event.processId();
        state.apply(event);
        if (event instanceof ProcessCreatedEvent) {
            Actor creator = Actor.fromMetaData(metaData);
            state.createdBy(creator == null ? null : creator.tokenId());
        }
    }
}
