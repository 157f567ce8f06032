package dev.processledger.security;

import dev.processledger.config.LedgerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Request rates, each with bursts of twice the rate: per API token ({@code ledger.rate-limit.per-second}), per
 * organization over all its tokens ({@code per-organization-per-second}, so minting tokens does not multiply an
 * organization's share), and failed authentications per client address ({@code failed-auth-per-address-per-second},
 * so guessing tokens is slow and costs the store little). Kept in memory per instance: with several instances each
 * allows that much.
 */
@Component
public class RateLimiter {

    /** A refusal: which limit was reached, and the whole seconds to wait. */
    public record Limited(String limit, long retryAfterSeconds) {}

    private final TokenBuckets<UUID> tokens;
    private final TokenBuckets<String> organizations;
    private final TokenBuckets<String> failedAuthentications;
    private final MeterRegistry registry;

    @Autowired
    public RateLimiter(LedgerProperties properties, MeterRegistry registry) {
        this(properties.rateLimit(), System::nanoTime, registry);
    }

    RateLimiter(LedgerProperties.RateLimit limits, LongSupplier nanoTime, MeterRegistry registry) {
        this.tokens = new TokenBuckets<>(limits.perSecond(), nanoTime);
        this.organizations = new TokenBuckets<>(limits.perOrganizationPerSecond(), nanoTime);
        this.failedAuthentications = new TokenBuckets<>(limits.failedAuthPerAddressPerSecond(), nanoTime);
        this.registry = registry;
        List.of("token", "organization", "address").forEach(this::counter);
    }

    /** Takes one request of the caller's token and then of its organization; empty if both allow it. */
    public Optional<Limited> acquire(TokenPrincipal caller) {
        long token = tokens.take(caller.tokenId());
        if (token > 0) {
            return Optional.of(limited("token", token));
        }
        long organization = organizations.take(caller.orgId());
        return organization > 0 ? Optional.of(limited("organization", organization)) : Optional.empty();
    }

    /**
     * The stricter of the caller's token and organization buckets as they are now (the one with fewer requests
     * left), for the {@code RateLimit-*} headers; null when both limits are off.
     */
    TokenBuckets.Quota quota(TokenPrincipal caller) {
        TokenBuckets.Quota token = tokens.quota(caller.tokenId());
        TokenBuckets.Quota organization = organizations.quota(caller.orgId());
        if (token == null || organization == null) {
            return token == null ? organization : token;
        }
        return organization.remaining() < token.remaining() ? organization : token;
    }

    /** Counts a request from the address whose token was missing, malformed, unknown, revoked or expired. */
    public void failedAuthentication(String address) {
        failedAuthentications.take(address);
    }

    /** Seconds an address that failed authentication too often must wait before it is heard again; 0 if none. */
    public long blockedFor(String address) {
        long wait = failedAuthentications.waitFor(address);
        if (wait > 0) {
            limited("address", wait);
        }
        return wait;
    }

    /** A refusal, counted as {@code ledger_rate_limited_total} by the limit that refused. */
    private Limited limited(String limit, long retryAfterSeconds) {
        counter(limit).increment();
        return new Limited(limit, retryAfterSeconds);
    }

    private Counter counter(String limit) {
        return Counter.builder("ledger.rate.limited")
                .description("Requests refused with 429 by a rate limit")
                .tag("limit", limit)
                .register(registry);
    }
}
