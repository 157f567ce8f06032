package dev.processledger.process.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code failed}: the whole process failed; steps still running are cancelled. */
public record FailProcessCommand(@TargetAggregateIdentifier String processId, String orgId, String error, Instant at)
        implements ProcessUpdateCommand {

    @Override
    public UpdateType type() {
        return UpdateType.FAILED;
    }
}
