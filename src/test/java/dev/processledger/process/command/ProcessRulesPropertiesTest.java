package dev.processledger.process.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.process.api.CompleteProcessCommand;
import dev.processledger.process.api.CompleteStepCommand;
import dev.processledger.process.api.FailProcessCommand;
import dev.processledger.process.api.FailStepCommand;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessRejectedException;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.api.RecordProgressCommand;
import dev.processledger.process.api.StartStepCommand;
import dev.processledger.process.api.StepDefinition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of updates (and server time-outs) against the rules, compared step by step with a small
 * reference model of the spec's state machine written independently here.
 */
class ProcessRulesPropertiesTest {

    private static final ProcessLimits LIMITS = new ProcessLimits(10_000, java.time.Duration.ofMinutes(30));

    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<String> STEPS = List.of("a", "b", "c");

    /** One random operation: an update type (or the server's time-out) and a step key, known or not. */
    record Op(String type, String step) {}

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<String> types = Arbitraries.of(
                "step_started", "progress", "step_completed", "step_failed", "completed", "failed", "time_out");
        Arbitrary<String> steps = Arbitraries.of("a", "b", "c", "x");
        return Combinators.combine(types, steps).as(Op::new).list().ofMaxSize(40);
    }

    @Property(tries = 2000)
    void theRulesAgreeWithTheReferenceModel(@ForAll("histories") List<Op> history) {
        ProcessState state = new ProcessState();
        state.apply(new ProcessCreatedEvent(
                "p",
                "o",
                new ProcessDefinition(
                        "o.ns",
                        "n",
                        null,
                        STEPS.stream().map(k -> new StepDefinition(k, k, false)).toList(),
                        null),
                AT));
        Reference reference = new Reference();

        for (Op op : history) {
            boolean expected = reference.apply(op);
            boolean accepted;
            try {
                List<ProcessEvent> events = op.type().equals("time_out")
                        ? timeOut(state, op.step())
                        : ProcessRules.decide(state, command(op));
                events.forEach(state::apply);
                accepted = true;
            } catch (ProcessRejectedException rejected) {
                accepted = false;
            }

            assertThat(accepted).as("%s after %s", op, history).isEqualTo(expected);
            assertThat(state.status().wireName()).isEqualTo(reference.process);
            for (ProcessState.Step step : state.steps()) {
                assertThat(step.status().wireName())
                        .as("status of %s after %s", step.key(), op)
                        .isEqualTo(reference.status.get(step.key()));
                assertThat(step.attempt())
                        .as("attempt of %s after %s", step.key(), op)
                        .isEqualTo(reference.attempts.get(step.key()));
            }
        }
    }

    /** A stale deadline firing long after the step's last update: it times out, or it is refused. */
    private static List<ProcessEvent> timeOut(ProcessState state, String step) {
        ProcessRules.StaleDecision decision = ProcessRules.whenStale(LIMITS, state, "p", step, AT.plusSeconds(86_400));
        if (decision instanceof ProcessRules.StaleDecision.TimeOut timeOut) {
            return timeOut.events();
        }
        throw ProcessRejectedException.notFound("p");
    }

    private static ProcessUpdateCommand command(Op op) {
        return switch (op.type()) {
            case "step_started" -> new StartStepCommand("p", "o", op.step(), null, AT);
            case "progress" -> new RecordProgressCommand("p", "o", op.step(), "m", 1, AT);
            case "step_completed" -> new CompleteStepCommand("p", "o", op.step(), null, null, AT);
            case "step_failed" -> new FailStepCommand("p", "o", op.step(), "e", AT);
            case "completed" -> new CompleteProcessCommand("p", "o", null, AT);
            case "failed" -> new FailProcessCommand("p", "o", "e", AT);
            default -> throw new IllegalArgumentException(op.type());
        };
    }

    /** The spec's table (SPEC §5), as plainly as it can be written. */
    private static final class Reference {

        String process = "running";
        final Map<String, String> status = new LinkedHashMap<>();
        final Map<String, Integer> attempts = new LinkedHashMap<>();

        Reference() {
            STEPS.forEach(k -> {
                status.put(k, "pending");
                attempts.put(k, 0);
            });
        }

        boolean apply(Op op) {
            if (!process.equals("running")) {
                return false;
            }
            if (op.type().equals("completed")) {
                if (status.containsValue("running")) {
                    return false;
                }
                status.replaceAll((k, s) -> s.equals("pending") ? "skipped" : s);
                process = "completed";
                return true;
            }
            if (op.type().equals("failed")) {
                status.replaceAll((k, s) -> s.equals("running") ? "cancelled" : s);
                process = "failed";
                return true;
            }
            String current = status.get(op.step());
            if (current == null) {
                return false;
            }
            switch (op.type()) {
                case "step_started" -> {
                    if (!List.of("pending", "failed", "timed_out").contains(current)) {
                        return false;
                    }
                    status.put(op.step(), "running");
                    attempts.merge(op.step(), 1, Integer::sum);
                }
                case "progress", "time_out" -> {
                    if (!current.equals("running")) {
                        return false;
                    }
                    if (op.type().equals("time_out")) {
                        status.put(op.step(), "timed_out");
                    }
                }
                default -> {
                    if (!current.equals("running") && !current.equals("pending")) {
                        return false;
                    }
                    if (current.equals("pending")) {
                        attempts.merge(op.step(), 1, Integer::sum);
                    }
                    status.put(op.step(), op.type().equals("step_completed") ? "completed" : "failed");
                }
            }
            return true;
        }
    }
}
