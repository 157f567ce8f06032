package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket: bursts of twice the rate, refills at the rate, each token on its own. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(10, now::get);
    private final UUID token = UUID.randomUUID();

    @Test
    void allowsABurstOfTwiceTheRateThenAsksToWait() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire(token)).as("request %d", i).isZero();
        }
        assertThat(limiter.acquire(token)).isEqualTo(1);
    }

    @Test
    void refillsAtTheRate() {
        for (int i = 0; i < 20; i++) {
            limiter.acquire(token);
        }
        now.addAndGet(300_000_000L);

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(token)).isZero();
        }
        assertThat(limiter.acquire(token)).isPositive();
    }

    @Test
    void eachTokenHasItsOwnBucketAndZeroTurnsTheLimitOff() {
        for (int i = 0; i < 21; i++) {
            limiter.acquire(token);
        }
        assertThat(limiter.acquire(UUID.randomUUID())).isZero();
        RateLimiter off = new RateLimiter(0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(off.acquire(token)).isZero();
        }
    }
}
