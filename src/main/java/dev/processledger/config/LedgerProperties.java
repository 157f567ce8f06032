package dev.processledger.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ledger's tunables ({@code ledger.*}); every default works out of the box.
 *
 * @param maxEventsPerProcess  history cap per process; updates beyond it are refused
 * @param maxBody              largest request body accepted
 * @param bootstrap            the first start's admin token ({@code LEDGER_BOOTSTRAP_TOKEN})
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue("10000") long maxEventsPerProcess,
        @DefaultValue("64KB") DataSize maxBody,
        @DefaultValue Bootstrap bootstrap) {

    /** @param token plaintext token to install on first start instead of a random one; never logged */
    public record Bootstrap(String token) {
    }
}
