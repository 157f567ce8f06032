package dev.processledger.process.command;

import dev.processledger.process.api.ProcessDefinition;
import java.time.Duration;

/** How long a running step may go without an update ({@code ledger.stale-after}, or the process's own). */
public record StaleAfter(Duration byDefault) {

    Duration of(ProcessDefinition definition) {
        return definition.staleAfterSeconds() != null ? Duration.ofSeconds(definition.staleAfterSeconds()) : byDefault;
    }
}
