package dev.processledger.process.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Status of a whole process: it runs until a {@code completed} or {@code failed} update ends it. */
public enum ProcessStatus {
    RUNNING,
    COMPLETED,
    FAILED;

    /** The name used on the wire and in the read model, e.g. {@code running}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProcessStatus> fromWireName(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
