package dev.processledger.process.web;

import dev.processledger.http.FieldRules;
import dev.processledger.platform.Ids;
import dev.processledger.platform.Namespaces;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.command.ProcessLimits;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Body of {@code POST /processes}. */
record CreateProcessRequest(
        String namespace,
        String name,
        String description,
        String processId,
        List<StepRequest> steps,
        Long staleAfterSeconds) {

    private static final Pattern STEP_KEY = Pattern.compile("[A-Za-z0-9_.-]+");
    /** Longest stale timeout a process may ask for: a year. */
    static final long MAX_STALE_AFTER_SECONDS = 365L * 24 * 3600;

    static final int MAX_STEPS = 100;

    /** One step definition in the request. */
    record StepRequest(String key, String label, Boolean human) {}

    /**
     * Checks every rule of the body at once; the definition uses the organization-qualified namespace. A process
     * must be able to finish within the history cap, so it has at most {@link ProcessLimits#maxSteps()} steps.
     */
    ProcessDefinition validate(String orgId, ProcessLimits limit) {
        String shortNamespace = namespace == null ? null : Namespaces.shortForm(orgId, namespace);
        FieldRules rules = new FieldRules()
                .text("namespace", shortNamespace, 1, 100, Namespaces.SHORT_FORM, Namespaces.SHORT_FORM_HINT)
                .text("name", name, 1, 200, null, null)
                .optionalText("description", description, 2000);
        if (processId != null) {
            rules.check(Ids.parse(processId).isPresent(), "process_id", "process_id must be a UUID");
        }
        if (staleAfterSeconds != null) {
            rules.check(
                    staleAfterSeconds >= 1 && staleAfterSeconds <= MAX_STALE_AFTER_SECONDS,
                    "stale_after_seconds",
                    "stale_after_seconds must be between 1 and " + MAX_STALE_AFTER_SECONDS);
        }
        validateSteps(rules, limit);
        rules.throwIfAny();
        List<StepDefinition> definitions = steps.stream()
                .map(s -> new StepDefinition(s.key(), s.label(), Boolean.TRUE.equals(s.human())))
                .toList();
        return new ProcessDefinition(
                Namespaces.qualified(orgId, namespace), name, description, definitions, staleAfterSeconds);
    }

    private void validateSteps(FieldRules rules, ProcessLimits limit) {
        if (steps == null || steps.isEmpty()) {
            rules.fail("steps", "steps must have at least 1 item");
            return;
        }
        if (steps.size() > MAX_STEPS) {
            rules.fail("steps", "steps must have at most %d items".formatted(MAX_STEPS));
            return;
        }
        if (steps.size() > limit.maxSteps()) {
            rules.fail(
                    "steps",
                    "steps must have at most %d items: a process holds at most %d events"
                            .formatted(limit.maxSteps(), limit.maxEventsPerProcess()));
            return;
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            StepRequest step = steps.get(i);
            String at = "steps[" + i + "]";
            if (step == null) {
                rules.fail(at, at + " must be an object");
                continue;
            }
            rules.text(at + ".key", step.key(), 1, 64, STEP_KEY, "may contain only letters, digits, '_', '.' and '-'")
                    .text(at + ".label", step.label(), 1, 200, null, null);
            if (step.key() != null && !keys.add(step.key())) {
                rules.fail(at + ".key", "step key '%s' is not unique".formatted(step.key()));
            }
        }
    }
}
