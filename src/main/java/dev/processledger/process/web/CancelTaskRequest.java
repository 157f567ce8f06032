package dev.processledger.process.web;

import dev.processledger.http.FieldRules;

/** Body of {@code POST /tasks/{id}/cancel}; it may be left out. */
record CancelTaskRequest(String reason) {

    void validate() {
        new FieldRules().optionalText("reason", reason, 4000).throwIfAny();
    }
}
