package dev.processledger.analytics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the analytics projection remembers of one process between its events: where its figures go (organization,
 * namespace, the hour it started) and, per step, whether a person performs it and when its running attempt began.
 * Stored as JSON in {@code analytics_process}; fields are public for that mapping only.
 */
final class ProcessTrack {

    public String org;
    public String namespace;
    public String name;
    public long startedAt;
    public boolean finished;
    public Map<String, StepTrack> steps = new LinkedHashMap<>();

    /** One step of the process. */
    static final class StepTrack {
        public boolean human;
        public int attempts;
        /** Start of the running attempt; null while the step is not running. */
        public Long runningSince;
    }

    long hour() {
        return Hours.floor(startedAt);
    }
}
