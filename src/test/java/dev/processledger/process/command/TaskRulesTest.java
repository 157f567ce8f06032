package dev.processledger.process.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.process.api.CancelTaskCommand;
import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.CompleteTaskCommand;
import dev.processledger.process.api.CreateTaskCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskDecision;
import dev.processledger.process.api.TaskRejectedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The task rules on their own: what each task command appends or why it is refused. */
class TaskRulesTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProcessLimits LIMITS = new ProcessLimits(100, Duration.ofMinutes(30));

    private static ProcessState process(String creator) {
        ProcessState state = new ProcessState();
        state.apply(new ProcessCreatedEvent(
                "p",
                "o",
                new ProcessDefinition(
                        "o.ns",
                        "n",
                        null,
                        List.of(new StepDefinition("a", "A", true), new StepDefinition("b", "B", false)),
                        null),
                AT));
        state.createdBy(creator);
        return state;
    }

    private static CreateTaskCommand create(String taskId, String step, Instant expiresAt, boolean distinct) {
        return new CreateTaskCommand("p", "o", taskId, step, "t", null, null, expiresAt, distinct, "asker", AT);
    }

    private static List<ProcessEvent> applied(ProcessState state, List<ProcessEvent> events) {
        events.forEach(state::apply);
        return events;
    }

    private static Reasons reason(Runnable decision) {
        try {
            decision.run();
        } catch (ProcessRejectedException e) {
            return new Reasons(e.reason(), e.currentStatus());
        }
        throw new AssertionError("not refused");
    }

    private record Reasons(ProcessRejectedException.Reason reason, String currentStatus) {}

    @Test
    void approvingCompletesAndRejectingFailsTheStep() {
        ProcessState state = process("creator");
        applied(state, TaskRules.create(state, create("t1", "a", null, false)));
        List<ProcessEvent> approved = TaskRules.complete(
                state, new CompleteTaskCommand("p", "o", "t1", TaskDecision.APPROVE, "ok", "someone", AT));
        assertThat(approved)
                .extracting(Object::getClass)
                .containsExactly(TaskApprovedEvent.class, StepCompletedEvent.class);
        assertThat(((StepCompletedEvent) approved.get(1)).attempt()).isEqualTo(1);
        assertThat(((StepCompletedEvent) approved.get(1)).detail()).isEqualTo("ok");

        applied(state, TaskRules.create(state, create("t2", "b", null, false)));
        List<ProcessEvent> rejected = TaskRules.complete(
                state, new CompleteTaskCommand("p", "o", "t2", TaskDecision.REJECT, null, "someone", AT));
        assertThat(rejected)
                .extracting(Object::getClass)
                .containsExactly(TaskRejectedEvent.class, StepFailedEvent.class);
        assertThat(((StepFailedEvent) rejected.get(1)).error()).isEqualTo("rejected");
    }

    @Test
    void theFourEyesRuleRefusesBothCreators() {
        ProcessState state = process("creator");
        applied(state, TaskRules.create(state, create("t1", "a", null, true)));
        for (String sameHands : List.of("creator", "asker")) {
            assertThat(reason(() -> TaskRules.complete(
                                    state,
                                    new CompleteTaskCommand("p", "o", "t1", TaskDecision.APPROVE, null, sameHands, AT)))
                            .reason())
                    .isEqualTo(ProcessRejectedException.Reason.SAME_APPROVER);
        }
        assertThat(TaskRules.complete(
                        state, new CompleteTaskCommand("p", "o", "t1", TaskDecision.REJECT, null, "third", AT)))
                .hasSize(2);
    }

    @Test
    void onlyAPendingUnexpiredTaskCanBeDecidedOrCancelled() {
        ProcessState state = process("creator");
        applied(state, TaskRules.create(state, create("t1", "a", AT.plusSeconds(60), false)));
        assertThat(reason(() -> TaskRules.create(state, create("t2", "a", null, false))))
                .isEqualTo(new Reasons(ProcessRejectedException.Reason.TASK_ALREADY_PENDING, "pending"));
        CompleteTaskCommand late =
                new CompleteTaskCommand("p", "o", "t1", TaskDecision.APPROVE, null, "x", AT.plusSeconds(60));
        assertThat(reason(() -> TaskRules.complete(state, late)))
                .isEqualTo(new Reasons(ProcessRejectedException.Reason.TASK_NOT_PENDING, "expired"));
        assertThat(reason(
                        () -> TaskRules.cancel(state, new CancelTaskCommand("p", "o", "t1", null, AT.plusSeconds(61)))))
                .isEqualTo(new Reasons(ProcessRejectedException.Reason.TASK_NOT_PENDING, "expired"));
        assertThat(TaskRules.create(
                        state,
                        new CreateTaskCommand(
                                "p", "o", "t3", "a", "t", null, null, null, false, "asker", AT.plusSeconds(60))))
                .as("an expired task leaves room for a new one")
                .hasSize(1);
        assertThat(reason(() -> TaskRules.cancel(state, new CancelTaskCommand("p", "o", "nope", null, AT)))
                        .reason())
                .isEqualTo(ProcessRejectedException.Reason.TASK_NOT_FOUND);
    }

    @Test
    void aFinishedStepTakesNoTaskAndFinishingCancelsPendingOnes() {
        ProcessState state = process("creator");
        applied(state, TaskRules.create(state, create("t1", "a", null, false)));
        applied(state, TaskRules.create(state, create("t2", "b", null, false)));
        List<ProcessEvent> stepDone =
                applied(state, ProcessRules.decide(state, new CompleteStepCommand("p", "o", "b", null, null, AT)));
        assertThat(stepDone)
                .extracting(Object::getClass)
                .containsExactly(StepCompletedEvent.class, TaskCancelledEvent.class);
        assertThat(((TaskCancelledEvent) stepDone.get(1)).taskId()).isEqualTo("t2");
        assertThat(reason(() -> TaskRules.create(state, create("t3", "b", null, false))))
                .isEqualTo(new Reasons(ProcessRejectedException.Reason.ILLEGAL_TRANSITION, "completed"));

        List<ProcessEvent> failed = ProcessRules.decide(state.copy(), new FailProcessCommand("p", "o", "stop", AT));
        assertThat(failed).filteredOn(TaskCancelledEvent.class::isInstance).hasSize(1);
        List<ProcessEvent> completed = ProcessRules.decide(state, new CompleteProcessCommand("p", "o", null, AT));
        assertThat(completed)
                .filteredOn(TaskCancelledEvent.class::isInstance)
                .singleElement()
                .extracting(event -> ((TaskCancelledEvent) event).reason())
                .isEqualTo("process completed");
    }

    @Test
    void aPendingTaskNeedsRoomToBeCancelledAndHoldsOffTheStaleTimeout() {
        ProcessState state = process("creator");
        applied(state, List.of(new StepStartedEvent("p", "a", 1, null, AT)));
        List<ProcessEvent> created = TaskRules.create(state, create("t1", "a", null, false));
        ProcessLimits tight = new ProcessLimits(5, Duration.ofMinutes(30));
        // held: created + started = 2; the task's creation makes 3; finishing needs a, b, its cancellation, the end
        assertThat(ProcessRules.withinHistory(tight, state, 2, created, false)).isFalse();
        assertThat(ProcessRules.withinHistory(LIMITS, state, 2, created, false)).isTrue();
        applied(state, created);
        assertThat(ProcessRules.whenStale(LIMITS, state, "p", "a", AT.plus(Duration.ofHours(1))))
                .isEqualTo(new ProcessRules.StaleDecision.SetAgain(Duration.ofMinutes(30)));
    }
}
