package dev.processledger.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** How many of something each client address holds at once, up to a maximum; {@code 0} means no maximum. */
final class PerAddressLimit {

    private final int max;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    PerAddressLimit(int max) {
        this.max = max;
    }

    /** Takes one for the address if it holds fewer than the maximum; a {@code true} must be followed by a release. */
    boolean tryAcquire(String address) {
        if (max <= 0) {
            return true;
        }
        boolean[] acquired = new boolean[1];
        held.compute(address, (a, current) -> {
            int count = current == null ? 0 : current;
            if (count >= max) {
                return current;
            }
            acquired[0] = true;
            return count + 1;
        });
        return acquired[0];
    }

    void release(String address) {
        if (max > 0) {
            held.computeIfPresent(address, (a, current) -> current <= 1 ? null : current - 1);
        }
    }
}
