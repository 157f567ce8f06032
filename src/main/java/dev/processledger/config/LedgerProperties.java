package dev.processledger.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ledger's tunables ({@code ledger.*}); every default works out of the box.
 *
 * @param staleAfter           a running step with no update for this long becomes {@code timed_out}
 * @param maxEventsPerProcess  history cap per process; updates beyond it are refused
 * @param maxBody              largest request body accepted
 * @param rateLimit            requests per second per token
 * @param bootstrap            the first start's admin token ({@code LEDGER_BOOTSTRAP_TOKEN})
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue("30m") Duration staleAfter,
        @DefaultValue("10000") long maxEventsPerProcess,
        @DefaultValue("64KB") DataSize maxBody,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Bootstrap bootstrap) {

    /** @param perSecond requests per second per token (burst twice that); 0 disables the limit */
    public record RateLimit(@DefaultValue("500") int perSecond) {
    }

    /** @param token plaintext token to install on first start instead of a random one; never logged */
    public record Bootstrap(String token) {
    }
}
