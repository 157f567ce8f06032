package dev.processledger.process.api;

import java.util.List;

/**
 * What a client asked for when it created a process; a retry with an equal definition is the same request.
 * {@code namespace} is the organization-qualified namespace ({@code <orgId>.<namespace>}).
 */
public record ProcessDefinition(
        String namespace, String name, String description, List<StepDefinition> steps, Long staleAfterSeconds) {

    public ProcessDefinition {
        steps = List.copyOf(steps);
    }
}
