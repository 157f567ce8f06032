package dev.processledger.process.api;

import java.util.Map;
import java.util.Optional;

/**
 * The stable name of every event type, as auditors, the export and the live stream know it. Names are part of the
 * audit record and never change; they do not follow class names, so a class may be renamed or moved (with an
 * upcaster for its stored payloads) without touching a name.
 */
public final class EventTypes {

    private static final Map<Class<? extends ProcessEvent>, String> NAMES = Map.ofEntries(
            Map.entry(ProcessCreatedEvent.class, "process_created"),
            Map.entry(StepStartedEvent.class, "step_started"),
            Map.entry(StepProgressedEvent.class, "step_progressed"),
            Map.entry(StepCompletedEvent.class, "step_completed"),
            Map.entry(StepFailedEvent.class, "step_failed"),
            Map.entry(StepTimedOutEvent.class, "step_timed_out"),
            Map.entry(StepSkippedEvent.class, "step_skipped"),
            Map.entry(StepCancelledEvent.class, "step_cancelled"),
            Map.entry(ProcessCompletedEvent.class, "process_completed"),
            Map.entry(ProcessFailedEvent.class, "process_failed"),
            Map.entry(TaskCreatedEvent.class, "task_created"),
            Map.entry(TaskApprovedEvent.class, "task_approved"),
            Map.entry(TaskRejectedEvent.class, "task_rejected"),
            Map.entry(TaskCancelledEvent.class, "task_cancelled"));

    private EventTypes() {}

    public static String nameOf(Class<? extends ProcessEvent> type) {
        String name = NAMES.get(type);
        if (name == null) {
            throw new IllegalArgumentException("no registered name for " + type.getName());
        }
        return name;
    }

    /** The name of an event stored under this payload type (a class name), if it is one of ours. */
    public static Optional<String> nameOfStored(String payloadType) {
        return NAMES.entrySet().stream()
                .filter(e -> e.getKey().getName().equals(payloadType))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Every registered type with its name. */
    public static Map<Class<? extends ProcessEvent>, String> all() {
        return NAMES;
    }
}
