package dev.processledger.process.web;

import dev.processledger.http.FieldRules;
import dev.processledger.process.api.TaskDecision;

/** Body of {@code POST /tasks/{id}/complete}. */
record CompleteTaskRequest(String decision, String comment) {

    /** Checks every rule at once and returns the decision. */
    TaskDecision validate() {
        FieldRules rules = new FieldRules().optionalText("comment", comment, 4000);
        TaskDecision parsed = "approve".equals(decision)
                ? TaskDecision.APPROVE
                : "reject".equals(decision) ? TaskDecision.REJECT : null;
        rules.check(parsed != null, "decision", "decision must be approve or reject");
        rules.throwIfAny();
        return parsed;
    }
}
