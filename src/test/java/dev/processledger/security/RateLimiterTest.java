package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.config.LedgerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets: bursts of twice the rate, refills at the rate, per token, per organization, per address. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter =
            new RateLimiter(new LedgerProperties.RateLimit(10, 15, 2), now::get, new SimpleMeterRegistry());
    private final TokenPrincipal caller = caller("org-a");

    private static TokenPrincipal caller(String orgId) {
        return new TokenPrincipal(UUID.randomUUID(), "t", orgId, Set.of(Scope.PROCESSES_READ));
    }

    @Test
    void allowsABurstOfTwiceTheRateThenAsksToWait() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire(caller)).as("request %d", i).isEmpty();
        }
        assertThat(limiter.acquire(caller)).contains(new RateLimiter.Limited("token", 1));
    }

    @Test
    void refillsAtTheRate() {
        for (int i = 0; i < 20; i++) {
            limiter.acquire(caller);
        }
        now.addAndGet(300_000_000L);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(caller)).isEmpty();
        }
        assertThat(limiter.acquire(caller)).isPresent();
    }

    @Test
    void eachTokenHasItsOwnBucketAndZeroTurnsTheLimitOff() {
        for (int i = 0; i < 21; i++) {
            limiter.acquire(caller);
        }
        assertThat(limiter.acquire(caller("org-b"))).isEmpty();
        RateLimiter off = new RateLimiter(new LedgerProperties.RateLimit(0, 0, 0), now::get, new SimpleMeterRegistry());
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire(caller)).isEmpty();
            off.failedAuthentication("10.0.0.1");
        }
        assertThat(off.blockedFor("10.0.0.1")).isZero();
    }

    @Test
    void anOrganizationsTokensShareItsRate() {
        int allowed = 0;
        Optional<RateLimiter.Limited> refused = Optional.empty();
        for (int i = 0; i < 40 && refused.isEmpty(); i++) {
            refused = limiter.acquire(caller("org-a"));
            allowed += refused.isEmpty() ? 1 : 0;
        }

        assertThat(allowed)
                .as("a burst of twice the organization's rate, over fresh tokens")
                .isEqualTo(30);
        assertThat(refused).contains(new RateLimiter.Limited("organization", 1));
        assertThat(limiter.acquire(caller("org-b"))).as("another organization").isEmpty();
    }

    @Test
    void anAddressThatFailsAuthenticationTooOftenIsBlockedUntilItSlowsDown() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.blockedFor("10.0.0.1")).isZero();
            limiter.failedAuthentication("10.0.0.1");
        }

        assertThat(limiter.blockedFor("10.0.0.1")).isEqualTo(1);
        assertThat(limiter.blockedFor("10.0.0.2")).as("another address").isZero();
        now.addAndGet(500_000_000L);
        assertThat(limiter.blockedFor("10.0.0.1"))
                .as("after half a second at two a second")
                .isZero();
    }
}
