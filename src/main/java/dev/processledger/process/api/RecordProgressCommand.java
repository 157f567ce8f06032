package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code progress}: a running step reports how far it has got. */
public record RecordProgressCommand(
        @TargetAggregateIdentifier String processId,
        String orgId,
        String step,
        String message,
        Integer percent,
        Instant at)
        implements StepUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.PROGRESS;
    }
}
