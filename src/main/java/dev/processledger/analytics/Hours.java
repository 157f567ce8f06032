package dev.processledger.analytics;

/** Analytics keeps its figures per hour (UTC); hours are named by their first millisecond since the epoch. */
final class Hours {

    static final long HOUR_MS = 3_600_000L;
    static final long DAY_MS = 24 * HOUR_MS;

    private Hours() {}

    static long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MS) * HOUR_MS;
    }
}
