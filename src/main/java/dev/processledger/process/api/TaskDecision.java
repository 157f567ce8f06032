package dev.processledger.process.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the person completing a task decided. */
public enum TaskDecision {
    APPROVE,
    REJECT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
