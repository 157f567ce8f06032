package dev.processledger.process.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read model as plain Java: timeline fields, attempts and the current-step rule. */
class ProcessViewTest {

    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static final ProcessDefinition DEFINITION = new ProcessDefinition(
            "o.ns",
            "Release",
            "desc",
            List.of(
                    new StepDefinition("a", "A", false),
                    new StepDefinition("b", "B", true),
                    new StepDefinition("c", "C", false)),
            60L);

    private ProcessView view = ProcessView.evolve(null, new ProcessCreatedEvent("p", "o", DEFINITION, T0), 0);

    @Test
    void aNewProcessPointsAtItsFirstPendingStep() {
        ProcessDetails details = view.toDetails();

        assertThat(details.currentStep()).isEqualTo("a");
        assertThat(details.timeline()).extracting(TimelineEntry::status).containsOnly(StepStatus.PENDING);
        assertThat(details.stepDefs()).isEqualTo(DEFINITION.steps());
        assertThat(details.version()).isZero();
    }

    @Test
    void currentStepIsTheLatestStartedRunningStep() {
        apply(new StepStartedEvent("p", "c", 1, null, at(1)), 1);
        apply(new StepStartedEvent("p", "b", 1, null, at(2)), 2);
        assertThat(view.currentStep()).isEqualTo("b");

        apply(new StepCompletedEvent("p", "b", 1, null, null, at(3)), 3);
        assertThat(view.currentStep()).isEqualTo("c");

        apply(new StepCompletedEvent("p", "c", 1, null, null, at(4)), 4);
        assertThat(view.currentStep()).isEqualTo("a");
    }

    @Test
    void aRestartClearsTheFailedAttemptAndADurationCoversTheLastAttempt() {
        apply(new StepStartedEvent("p", "a", 1, "first", at(1)), 1);
        apply(new StepProgressedEvent("p", "a", "half", 50, at(2)), 2);
        apply(new StepProgressedEvent("p", "a", null, 60, at(3)), 3);
        assertThat(entry("a").progressMessage())
                .as("a missing message keeps the previous one")
                .isEqualTo("half");
        apply(new StepFailedEvent("p", "a", 1, "boom", at(4)), 4);
        apply(new StepStartedEvent("p", "a", 2, null, at(10)), 5);
        apply(new StepCompletedEvent("p", "a", 2, "ok", Map.of("k", 1), at(15)), 6);

        TimelineEntry a = entry("a");
        assertThat(a.attempt()).isEqualTo(2);
        assertThat(a.error()).isNull();
        assertThat(a.progressPercent()).isNull();
        assertThat(a.startedAt()).isEqualTo(at(10));
        assertThat(a.durationMs()).isEqualTo(5_000);
        assertThat(a.detail()).isEqualTo("ok");
        assertThat(a.data()).isEqualTo(Map.of("k", 1));
    }

    @Test
    void failingCancelsAndFinishes() {
        apply(new StepStartedEvent("p", "a", 1, null, at(1)), 1);
        apply(new StepCancelledEvent("p", "a", at(2)), 2);
        apply(new ProcessFailedEvent("p", "stop", at(2)), 3);

        ProcessDetails details = view.toDetails();
        assertThat(details.status()).isEqualTo(ProcessStatus.FAILED);
        assertThat(details.currentStep()).isNull();
        assertThat(details.error()).isEqualTo("stop");
        assertThat(details.completedAt()).isEqualTo(at(2));
        assertThat(entry("a").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(entry("a").durationMs()).isEqualTo(1_000);
        assertThat(details.version()).isEqualTo(3);
    }

    private void apply(dev.processledger.process.api.ProcessEvent event, long sequence) {
        view = ProcessView.evolve(view, event, sequence);
    }

    private TimelineEntry entry(String key) {
        return view.toDetails().timeline().stream()
                .filter(e -> e.step().equals(key))
                .findFirst()
                .orElseThrow();
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }
}
