package dev.processledger.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepTimedOutEvent;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskRejectedEvent;
import dev.processledger.process.command.ProcessState;
import dev.processledger.process.query.ProcessView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every event type is handled by every fold: the aggregate's state and the read model. ProcessEvent is sealed;
 * adding a type fails here until it has a sample below and a branch in each fold (each throws for a type it
 * does not know).
 */
class EveryEventIsHandledTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final ProcessCreatedEvent CREATED = new ProcessCreatedEvent(
            "p", "o", new ProcessDefinition("o.ns", "n", null, List.of(new StepDefinition("a", "A", false)), null), AT);
    private static final List<ProcessEvent> SAMPLES = List.of(
            CREATED,
            new StepStartedEvent("p", "a", 1, null, AT),
            new StepProgressedEvent("p", "a", "m", 1, AT),
            new StepCompletedEvent("p", "a", 1, null, Map.of(), AT),
            new StepFailedEvent("p", "a", 1, "e", AT),
            new StepTimedOutEvent("p", "a", AT),
            new StepSkippedEvent("p", "a", AT),
            new StepCancelledEvent("p", "a", AT),
            new ProcessCompletedEvent("p", null, AT),
            new ProcessFailedEvent("p", "e", AT),
            new TaskCreatedEvent("p", "t", "a", "Approve", null, null, null, false, "k", AT),
            new TaskApprovedEvent("p", "t", "a", "ok", AT),
            new TaskRejectedEvent("p", "t", "a", "no", AT),
            new TaskCancelledEvent("p", "t", "a", null, AT));

    @Test
    void everyPermittedEventTypeHasASample() {
        assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(eventTypes(ProcessEvent.class));
    }

    /** The records a sealed event type permits, through its sealed sub-interfaces. */
    private static List<Class<?>> eventTypes(Class<?> type) {
        if (!type.isSealed()) {
            return List.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses())
                .flatMap(permitted -> eventTypes(permitted).stream())
                .toList();
    }

    @Test
    void theAggregateStateHandlesEveryEvent() {
        everySampleAppliesTo(event -> {
            ProcessState state = new ProcessState();
            state.apply(CREATED);
            state.apply(event);
            return state;
        });
    }

    @Test
    void theReadModelHandlesEveryEvent() {
        everySampleAppliesTo(event -> ProcessView.evolve(ProcessView.evolve(null, CREATED, 0), event, 1));
    }

    private static void everySampleAppliesTo(Function<ProcessEvent, Object> fold) {
        for (ProcessEvent event : SAMPLES) {
            assertThatCode(() -> fold.apply(event))
                    .as(event.getClass().getSimpleName())
                    .doesNotThrowAnyException();
        }
    }
}
