package dev.processledger.process.web;

import dev.processledger.http.FieldRules;
import dev.processledger.platform.Ids;

/** Body of {@code POST /tasks}. */
record CreateTaskRequest(
        String title,
        String processId,
        String processStep,
        String instructions,
        String assignee,
        Long expiresIn,
        Boolean distinctApprover) {

    /** Longest a task may stay open: 30 days. */
    static final long MAX_EXPIRES_IN = 30L * 24 * 3600;

    /** Checks every rule at once. */
    void validate() {
        FieldRules rules = new FieldRules()
                .text("title", title, 1, 200, null, null)
                .text("process_step", processStep, 1, 64, null, null)
                .optionalText("instructions", instructions, 4000)
                .optionalText("assignee", assignee, 200);
        rules.check(processId != null, "process_id", "process_id is required");
        if (processId != null) {
            rules.check(Ids.parse(processId).isPresent(), "process_id", "process_id must be a UUID");
        }
        if (expiresIn != null) {
            rules.check(
                    expiresIn >= 1 && expiresIn <= MAX_EXPIRES_IN,
                    "expires_in",
                    "expires_in must be between 1 and " + MAX_EXPIRES_IN + " seconds");
        }
        rules.throwIfAny();
    }
}
