package dev.processledger.process.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Status of one step of a process, as the aggregate and the read model know it. */
public enum StepStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    TIMED_OUT,
    SKIPPED,
    CANCELLED;

    /** The name used on the wire and in the read model, e.g. {@code timed_out}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
