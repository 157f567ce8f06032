package dev.processledger.platform;

import dev.processledger.http.InvalidRequestException;
import java.util.Optional;
import java.util.UUID;

/** Ids in paths and bodies are UUIDs, always handled in their canonical lowercase form. */
public final class Ids {

    private Ids() {}

    /** The canonical form of a UUID in its 36-character text form, or empty for anything else. */
    public static Optional<String> parse(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The canonical form of an id a path names; 400 {@code Invalid <name> format} when it is no UUID (as HPI). */
    public static String require(String name, String value) {
        return parse(value).orElseThrow(() -> new InvalidRequestException(name, "Invalid %s format".formatted(name)));
    }
}
