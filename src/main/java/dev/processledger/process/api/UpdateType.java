package dev.processledger.process.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The six update types a client can post to {@code /processes/{id}/update}. */
public enum UpdateType {
    STEP_STARTED,
    PROGRESS,
    STEP_COMPLETED,
    STEP_FAILED,
    COMPLETED,
    FAILED;

    /** The value of the {@code type} member, e.g. {@code step_started}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UpdateType> fromWireName(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
    }
}
