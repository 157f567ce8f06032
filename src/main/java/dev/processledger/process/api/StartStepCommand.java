package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code step_started}: a step begins (or begins again after a failure or time-out). */
public record StartStepCommand(
        @TargetAggregateIdentifier String processId, String orgId, String step, String detail, Instant at)
        implements StepUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.STEP_STARTED;
    }
}
