package dev.processledger.process.command;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.instanceOf;

import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessRejectedException.Reason;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepTimedOutEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Process aggregate through Axon's fixture: every update type against every step and process status.
 * The expected outcome of each cell is written out here, independently of {@link ProcessRules}.
 */
class ProcessAggregateTest {

    private static final String ID = "6f1c2a8e-0f57-4c1e-9d55-2b7f9f0b1a01";
    private static final String ORG = "default";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");
    private static final Instant NOW = Instant.parse("2026-01-01T11:00:00Z");
    private static final ProcessDefinition ONE_STEP = new ProcessDefinition(
            "default.deploy", "Deploy", null, List.of(new StepDefinition("build", "Build", false)), null);

    private AggregateTestFixture<Process> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureWithHistoryLimit(10_000);
    }

    private static AggregateTestFixture<Process> fixtureWithHistoryLimit(long limit) {
        AggregateTestFixture<Process> fixture = new AggregateTestFixture<>(Process.class);
        fixture.registerInjectableResource(new ProcessLimits(limit, java.time.Duration.ofMinutes(30)));
        fixture.registerInjectableResource(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return fixture.currentTime();
            }
        });
        return fixture;
    }

    /** The events that bring step "build" into each status; skipped and cancelled also end the process. */
    private static List<Object> history(String stepStatus) {
        ProcessCreatedEvent created = new ProcessCreatedEvent(ID, ORG, ONE_STEP, T0);
        StepStartedEvent started = new StepStartedEvent(ID, "build", 1, null, T1);
        return switch (stepStatus) {
            case "pending" -> List.of(created);
            case "running" -> List.of(created, started);
            case "completed" -> List.of(created, started, new StepCompletedEvent(ID, "build", 1, null, null, T1));
            case "failed" -> List.of(created, started, new StepFailedEvent(ID, "build", 1, "boom", T1));
            case "timed_out" -> List.of(created, started, new StepTimedOutEvent(ID, "build", T1));
            case "skipped" ->
                List.of(created, new StepSkippedEvent(ID, "build", T1), new ProcessCompletedEvent(ID, null, T1));
            case "cancelled" ->
                List.of(
                        created,
                        started,
                        new StepCancelledEvent(ID, "build", T1),
                        new ProcessFailedEvent(ID, "stop", T1));
            default -> throw new IllegalArgumentException(stepStatus);
        };
    }

    private static ProcessUpdateCommand command(String type) {
        return switch (type) {
            case "step_started" -> new StartStepCommand(ID, ORG, "build", "go", NOW);
            case "progress" -> new RecordProgressCommand(ID, ORG, "build", "half", 50, NOW);
            case "step_completed" -> new CompleteStepCommand(ID, ORG, "build", "done", Map.of("tag", "v1"), NOW);
            case "step_failed" -> new FailStepCommand(ID, ORG, "build", "broken", NOW);
            case "completed" -> new CompleteProcessCommand(ID, ORG, "all good", NOW);
            case "failed" -> new FailProcessCommand(ID, ORG, "gave up", NOW);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /**
     * The state machine of the spec, one row per update type, one column per step status
     * (pending, running, completed, failed, timed_out, skipped, cancelled): the events expected, or a refusal.
     */
    static Stream<Arguments> cells() {
        String[] statuses = {"pending", "running", "completed", "failed", "timed_out", "skipped", "cancelled"};
        Map<String, List<String>> table = Map.of(
                "step_started", List.of("ok", "409", "409", "ok", "ok", "finished", "finished"),
                "progress", List.of("409", "ok", "409", "409", "409", "finished", "finished"),
                "step_completed", List.of("ok", "ok", "409", "409", "409", "finished", "finished"),
                "step_failed", List.of("ok", "ok", "409", "409", "409", "finished", "finished"),
                "completed", List.of("ok", "409", "ok", "ok", "ok", "finished", "finished"),
                "failed", List.of("ok", "ok", "ok", "ok", "ok", "finished", "finished"));
        List<Arguments> cells = new ArrayList<>();
        table.forEach((type, row) -> {
            for (int i = 0; i < statuses.length; i++) {
                cells.add(Arguments.of(type, statuses[i], row.get(i)));
            }
        });
        return cells.stream();
    }

    /** What an allowed update appends from the given step status. */
    private static List<ProcessEvent> expectedEvents(String type, String stepStatus) {
        int restartAttempt = stepStatus.equals("pending") ? 1 : 2;
        int finishAttempt = 1;
        return switch (type) {
            case "step_started" -> List.of(new StepStartedEvent(ID, "build", restartAttempt, "go", NOW));
            case "progress" -> List.of(new StepProgressedEvent(ID, "build", "half", 50, NOW));
            case "step_completed" ->
                List.of(new StepCompletedEvent(ID, "build", finishAttempt, "done", Map.of("tag", "v1"), NOW));
            case "step_failed" -> List.of(new StepFailedEvent(ID, "build", finishAttempt, "broken", NOW));
            case "completed" ->
                stepStatus.equals("pending")
                        ? List.of(
                                new StepSkippedEvent(ID, "build", NOW), new ProcessCompletedEvent(ID, "all good", NOW))
                        : List.of(new ProcessCompletedEvent(ID, "all good", NOW));
            case "failed" ->
                stepStatus.equals("running")
                        ? List.of(new StepCancelledEvent(ID, "build", NOW), new ProcessFailedEvent(ID, "gave up", NOW))
                        : List.of(new ProcessFailedEvent(ID, "gave up", NOW));
            default -> throw new IllegalArgumentException(type);
        };
    }

    @ParameterizedTest(name = "{0} on a {1} step: {2}")
    @MethodSource("cells")
    void everyUpdateAgainstEveryStepStatus(String type, String stepStatus, String outcome) {
        List<Object> given = history(stepStatus);
        var result = fixture.given(given).when(command(type));
        switch (outcome) {
            case "ok" -> {
                List<ProcessEvent> expected = expectedEvents(type, stepStatus);
                result.expectSuccessfulHandlerExecution()
                        .expectEvents(expected.toArray())
                        .expectResultMessagePayload((long) (given.size() + expected.size() - 1));
            }
            case "409" -> result.expectNoEvents().expectException(rejectedFor(Reason.ILLEGAL_TRANSITION));
            case "finished" -> result.expectNoEvents().expectException(rejectedFor(Reason.PROCESS_FINISHED));
            default -> throw new IllegalArgumentException(outcome);
        }
    }

    @Test
    void startingAStepSchedulesItsStaleDeadlineAndFinishingItCancelsIt() {
        fixture.given(history("pending"))
                .when(new StartStepCommand(ID, ORG, "build", null, NOW))
                .expectScheduledDeadline(java.time.Duration.ofMinutes(30), new StaleStep("build"));
        fixture.given(history("running"))
                .when(new CompleteStepCommand(ID, ORG, "build", null, null, NOW))
                .expectNoScheduledDeadlines();
    }

    @Test
    void canCreateAProcess() {
        fixture.givenNoPriorActivity()
                .when(new CreateProcessCommand(ID, ORG, ONE_STEP, T0))
                .expectEvents(new ProcessCreatedEvent(ID, ORG, ONE_STEP, T0))
                .expectResultMessagePayload(T0);
    }

    @Test
    void identicalCreateIsASafeRetryReturningTheOriginalStartTime() {
        fixture.given(new ProcessCreatedEvent(ID, ORG, ONE_STEP, T0))
                .when(new CreateProcessCommand(ID, ORG, ONE_STEP, NOW))
                .expectNoEvents()
                .expectResultMessagePayload(T0);
    }

    @Test
    void cannotCreateWithAnExistingIdAndAnotherDefinition() {
        ProcessDefinition other = new ProcessDefinition("default.deploy", "Other", null, ONE_STEP.steps(), null);
        fixture.given(new ProcessCreatedEvent(ID, ORG, ONE_STEP, T0))
                .when(new CreateProcessCommand(ID, ORG, other, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.ID_IN_USE));
    }

    @Test
    void cannotCreateWithAnIdAnotherOrganizationUses() {
        fixture.given(new ProcessCreatedEvent(ID, ORG, ONE_STEP, T0))
                .when(new CreateProcessCommand(ID, "org-other", ONE_STEP, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.ID_IN_USE));
    }

    @Test
    void cannotUpdateAnUnknownStep() {
        fixture.given(history("pending"))
                .when(new StartStepCommand(ID, ORG, "deploy", null, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.UNKNOWN_STEP));
    }

    @Test
    void anotherOrganizationCannotUpdateTheProcess() {
        fixture.given(history("pending"))
                .when(new StartStepCommand(ID, "org-other", "build", null, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.NOT_FOUND));
    }

    @Test
    void updatesLeaveRoomUnderTheHistoryLimitForTheProcessToFinish() {
        fixtureWithHistoryLimit(5)
                .given(history("running"))
                .when(new RecordProgressCommand(ID, ORG, "build", null, 10, NOW))
                .expectEvents(new StepProgressedEvent(ID, "build", null, 10, NOW));
    }

    @Test
    void cannotAppendPastTheHistoryLimit() {
        fixtureWithHistoryLimit(5)
                .given(fullHistory())
                .when(new RecordProgressCommand(ID, ORG, "build", null, 20, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.HISTORY_FULL));
    }

    @Test
    void aProcessAtTheHistoryLimitCanStillFail() {
        fixtureWithHistoryLimit(5)
                .given(fullHistory())
                .when(new FailProcessCommand(ID, ORG, "stop", NOW))
                .expectEvents(new StepCancelledEvent(ID, "build", NOW), new ProcessFailedEvent(ID, "stop", NOW));
    }

    /** Three events: with a limit of five, the two left are kept for completing the step and the process. */
    private static List<Object> fullHistory() {
        List<Object> full = new ArrayList<>(history("running"));
        full.add(new StepProgressedEvent(ID, "build", null, 10, T1));
        return full;
    }

    @Test
    void aProcessAtTheHistoryLimitCanStillCompleteItsRunningStep() {
        fixtureWithHistoryLimit(5)
                .given(fullHistory())
                .when(new CompleteStepCommand(ID, ORG, "build", null, null, NOW))
                .expectEvents(new StepCompletedEvent(ID, "build", 1, null, null, NOW));
    }

    @Test
    void aProcessAtTheHistoryLimitCanCompleteOnceItsStepsAreDone() {
        List<Object> done = new ArrayList<>(fullHistory());
        done.add(new StepCompletedEvent(ID, "build", 1, null, null, T1));
        fixtureWithHistoryLimit(5)
                .given(done)
                .when(new CompleteProcessCommand(ID, ORG, "made it", NOW))
                .expectEvents(new ProcessCompletedEvent(ID, "made it", NOW));
    }

    @Test
    void startingAStepMustLeaveRoomToCompleteItAndEveryPendingStep() {
        ProcessDefinition twoSteps = new ProcessDefinition(
                "default.deploy",
                "Deploy",
                null,
                List.of(new StepDefinition("a", "A", false), new StepDefinition("b", "B", false)),
                null);
        // held 2 + the start + complete a, complete b, complete the process = 6
        fixtureWithHistoryLimit(5)
                .given(new ProcessCreatedEvent(ID, ORG, twoSteps, T0), new StepStartedEvent(ID, "a", 1, null, T1))
                .when(new StartStepCommand(ID, ORG, "b", null, NOW))
                .expectNoEvents()
                .expectException(rejectedFor(Reason.HISTORY_FULL));
    }

    @Test
    void aStepSilentForItsWholeTimeoutTimesOutWhenItsDeadlineFires() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(
                        new CreateProcessCommand(ID, ORG, ONE_STEP, start),
                        new StartStepCommand(ID, ORG, "build", null, start))
                .whenTimeElapses(java.time.Duration.ofMinutes(31))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.equalTo(new StepTimedOutEvent(
                                        ID, "build", start.plus(java.time.Duration.ofMinutes(30)))),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void aStepHeardFromSinceItsDeadlineWasSetGetsTheRestOfItsTimeout() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(
                        new CreateProcessCommand(ID, ORG, ONE_STEP, start),
                        new StartStepCommand(ID, ORG, "build", null, start),
                        new RecordProgressCommand(
                                ID, ORG, "build", "half", 50, start.plus(java.time.Duration.ofMinutes(20))))
                .whenTimeElapses(java.time.Duration.ofMinutes(31))
                .expectNoEvents()
                .expectScheduledDeadline(java.time.Duration.ofMinutes(19), new StaleStep("build"));
    }

    @Test
    void severalStepsMayRunAtOnceAndFailingCancelsAllOfThem() {
        ProcessDefinition twoSteps = new ProcessDefinition(
                "default.deploy",
                "Deploy",
                null,
                List.of(new StepDefinition("a", "A", false), new StepDefinition("b", "B", true)),
                null);
        fixture.given(
                        new ProcessCreatedEvent(ID, ORG, twoSteps, T0),
                        new StepStartedEvent(ID, "b", 1, null, T1),
                        new StepStartedEvent(ID, "a", 1, null, T1))
                .when(new FailProcessCommand(ID, ORG, "stop", NOW))
                .expectEvents(
                        new StepCancelledEvent(ID, "a", NOW),
                        new StepCancelledEvent(ID, "b", NOW),
                        new ProcessFailedEvent(ID, "stop", NOW));
    }

    static Matcher<Object> rejectedFor(Reason reason) {
        return allOf(
                instanceOf(ProcessRejectedException.class),
                new FeatureMatcher<Object, Reason>(
                        org.hamcrest.Matchers.equalTo(reason), "rejection reason", "reason") {
                    @Override
                    protected Reason featureValueOf(Object actual) {
                        return ((ProcessRejectedException) actual).reason();
                    }
                });
    }
}
