package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code step_failed}: a step finished with an error; it may be started again. */
public record FailStepCommand(
        @TargetAggregateIdentifier String processId, String orgId, String step, String error, Instant at)
        implements StepUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.STEP_FAILED;
    }
}
