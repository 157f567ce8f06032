package dev.processledger.process.api;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code step_completed}: a step finished successfully, optionally with result data. */
public record CompleteStepCommand(
        @TargetAggregateIdentifier String processId,
        String orgId,
        String step,
        String detail,
        Map<String, Object> data,
        Instant at)
        implements StepUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.STEP_COMPLETED;
    }
}
