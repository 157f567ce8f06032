package dev.processledger.process.command;

/** The deadline of a running step's stale timeout; stored with the deadline, so never rename or move it. */
public record StaleStep(String step) {

    /** Each step has its own deadline, so one step's update never moves another's. */
    static String deadlineName(String step) {
        return "stale-step:" + step;
    }
}
