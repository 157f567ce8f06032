package dev.processledger.security;

import dev.processledger.config.LedgerProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A token bucket per API token: {@code ledger.rate-limit.per-second} requests a second on average, bursts of
 * twice that. Kept in memory per instance, so with several instances a token's total is that many times larger.
 */
@Component
public class RateLimiter {

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    @Autowired
    public RateLimiter(LedgerProperties properties) {
        this(properties.rateLimit().perSecond(), System::nanoTime);
    }

    RateLimiter(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.capacity = 2.0 * perSecond;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the token's bucket: 0 if allowed, else the whole seconds to wait before retrying. */
    public long acquire(UUID tokenId) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(tokenId, id -> new Bucket(capacity, nanoTime.getAsLong())).take();
    }

    private final class Bucket {

        private double available;
        private long refilledAt;

        Bucket(double available, long now) {
            this.available = available;
            this.refilledAt = now;
        }

        synchronized long take() {
            long now = nanoTime.getAsLong();
            available = Math.min(capacity, available + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (available >= 1) {
                available -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - available) / perSecond));
        }
    }
}
