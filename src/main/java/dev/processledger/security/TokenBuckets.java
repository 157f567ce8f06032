package dev.processledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key: {@code perSecond} requests a second on average, bursts of twice that. Buckets not
 * used for ten minutes are forgotten (they would be full again anyway), so keys such as client addresses cannot
 * grow the map without bound.
 */
final class TokenBuckets<K> {

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Cache<K, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    TokenBuckets(double perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.capacity = 2.0 * perSecond;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the key's bucket: 0 if allowed, else the whole seconds to wait before retrying. */
    long take(K key) {
        return perSecond <= 0 ? 0 : bucket(key).take(true);
    }

    /** The whole seconds to wait before the key's bucket allows a request, 0 if it does now; takes nothing. */
    long waitFor(K key) {
        return perSecond <= 0 ? 0 : bucket(key).take(false);
    }

    /** The key's bucket as it is now, or null when this limit is off; takes nothing. */
    Quota quota(K key) {
        return perSecond <= 0 ? null : bucket(key).quota();
    }

    /** A bucket's burst size, the whole requests left in it, and the whole seconds until it is full again. */
    record Quota(long limit, long remaining, long resetSeconds) {}

    private Bucket bucket(K key) {
        return buckets.get(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
    }

    private final class Bucket {

        private double available;
        private long refilledAt;

        Bucket(double available, long now) {
            this.available = available;
            this.refilledAt = now;
        }

        synchronized long take(boolean consume) {
            refill();
            if (available >= 1) {
                available -= consume ? 1 : 0;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - available) / perSecond));
        }

        synchronized Quota quota() {
            refill();
            return new Quota((long) capacity, (long) Math.floor(available), (long)
                    Math.ceil((capacity - available) / perSecond));
        }

        private void refill() {
            long now = nanoTime.getAsLong();
            available = Math.min(capacity, available + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }
    }
}
