package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code completed}: the whole process succeeded; steps still pending are skipped. */
public record CompleteProcessCommand(
        @TargetAggregateIdentifier String processId, String orgId, String summary, Instant at)
        implements ProcessUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.COMPLETED;
    }
}
