package dev.processledger.process.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.StepTimedOutEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state machine as plain Java: attempts, the server's time-out and what state the events leave behind. */
class ProcessRulesTest {

    private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");
    private static final ProcessDefinition DEFINITION = new ProcessDefinition(
            "o.ns",
            "n",
            null,
            List.of(new StepDefinition("build", "Build", false), new StepDefinition("ship", "Ship", false)),
            null);

    private final ProcessState state = new ProcessState();

    @Test
    void restartingAFailedStepCountsAnAttempt() {
        state.apply(new ProcessCreatedEvent("p", "o", DEFINITION, AT));
        state.apply(new StepStartedEvent("p", "build", 1, null, AT));
        state.apply(new StepFailedEvent("p", "build", 1, "x", AT));

        assertThat(ProcessRules.decide(state, new StartStepCommand("p", "o", "build", null, AT)))
                .containsExactly(new StepStartedEvent("p", "build", 2, null, AT));
    }

    @Test
    void failingAPendingStepIsItsFirstAttempt() {
        state.apply(new ProcessCreatedEvent("p", "o", DEFINITION, AT));

        assertThat(ProcessRules.decide(state, new FailStepCommand("p", "o", "ship", "no", AT)))
                .containsExactly(new StepFailedEvent("p", "ship", 1, "no", AT));
    }

    @Test
    void onlyARunningStepSilentForItsWholeTimeoutTimesOut() {
        ProcessLimits limits = new ProcessLimits(10_000, java.time.Duration.ofMinutes(30));
        state.apply(new ProcessCreatedEvent("p", "o", DEFINITION, AT));
        assertThat(ProcessRules.whenStale(limits, state, "p", "build", AT.plusSeconds(3600)))
                .as("a pending step")
                .isEqualTo(new ProcessRules.StaleDecision.Nothing());

        state.apply(new StepStartedEvent("p", "build", 1, null, AT));
        state.apply(new StepProgressedEvent("p", "build", "half", 50, AT.plusSeconds(600)));
        assertThat(ProcessRules.whenStale(limits, state, "p", "build", AT.plusSeconds(1800)))
                .as("heard from 20 minutes ago")
                .isEqualTo(new ProcessRules.StaleDecision.SetAgain(java.time.Duration.ofMinutes(10)));
        assertThat(ProcessRules.whenStale(limits, state, "p", "build", AT.plusSeconds(2400)))
                .isEqualTo(new ProcessRules.StaleDecision.TimeOut(
                        List.of(new StepTimedOutEvent("p", "build", AT.plusSeconds(2400)))));
        assertThat(ProcessRules.whenStale(limits, state, "p", "nope", AT.plusSeconds(2400)))
                .isEqualTo(new ProcessRules.StaleDecision.Nothing());

        state.apply(new StepTimedOutEvent("p", "build", AT));
        assertThat(state.step("build").orElseThrow().status()).isEqualTo(StepStatus.TIMED_OUT);
        assertThat(state.step("build").orElseThrow().attempt()).isEqualTo(1);
        assertThat(ProcessRules.whenStale(limits, state, "p", "build", AT.plusSeconds(9999)))
                .as("a step that moved on")
                .isEqualTo(new ProcessRules.StaleDecision.Nothing());
    }

    @Test
    void stateKeepsStepsInDefinitionOrder() {
        state.apply(new ProcessCreatedEvent("p", "o", DEFINITION, AT));
        state.apply(new StepStartedEvent("p", "ship", 1, null, AT));

        assertThat(state.steps()).extracting(ProcessState.Step::key).containsExactly("build", "ship");
        assertThat(state.steps())
                .extracting(ProcessState.Step::status)
                .containsExactly(StepStatus.PENDING, StepStatus.RUNNING);
    }
}
