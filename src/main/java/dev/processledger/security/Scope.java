package dev.processledger.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a token may do; the wire value doubles as the Spring Security authority. */
public enum Scope {
    PROCESSES_READ("processes:read"),
    PROCESSES_WRITE("processes:write"),
    TASKS_CREATE("tasks:create"),
    TASKS_READ("tasks:read"),
    ADMIN("admin"),
    SYSTEM("system");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public static Optional<Scope> fromValue(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }
}
