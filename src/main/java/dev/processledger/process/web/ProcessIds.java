package dev.processledger.process.web;

import java.util.Optional;
import java.util.UUID;

/** Process ids are UUIDs, always handled in their canonical lowercase form. */
final class ProcessIds {

    private ProcessIds() {
    }

    static Optional<String> parse(String value) {
        if (value == null || value.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
