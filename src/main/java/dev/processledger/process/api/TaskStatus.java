package dev.processledger.process.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a task stands. {@code EXPIRED} is never stored: a pending task reads as expired once its expiry has passed,
 * and can then no longer be completed.
 */
public enum TaskStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED,
    EXPIRED;

    /** A task's status at {@code now}: its stored one, unless it is pending past its expiry. */
    public static TaskStatus at(TaskStatus stored, Instant expiresAt, Instant now) {
        return stored == PENDING && expiresAt != null && !now.isBefore(expiresAt) ? EXPIRED : stored;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TaskStatus> fromWireName(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }
}
