package dev.processledger.analytics;

/**
 * One step key of the processes of one organization and namespace that started in one hour: runs (the step was
 * attempted), attempts, runs retried, how attempts ended, skips, and sketches of attempt durations (all steps; human
 * steps only). Also used as the change one batch makes to such a bucket, which merges by addition.
 */
final class StepBucket {

    long runs;
    long attempts;
    long retried;
    long completed;
    long failed;
    long timedOut;
    long skipped;
    long cancelled;
    final DurationSketch duration = new DurationSketch();
    final DurationSketch humanWait = new DurationSketch();

    void merge(StepBucket other) {
        runs += other.runs;
        attempts += other.attempts;
        retried += other.retried;
        completed += other.completed;
        failed += other.failed;
        timedOut += other.timedOut;
        skipped += other.skipped;
        cancelled += other.cancelled;
        duration.merge(other.duration);
        humanWait.merge(other.humanWait);
    }

    record Key(String org, String namespace, long span, long hour, String step) implements Comparable<Key> {
        Key day() {
            return new Key(org, namespace, Hours.DAY_MS, Math.floorDiv(hour, Hours.DAY_MS) * Hours.DAY_MS, step);
        }

        @Override
        public int compareTo(Key other) {
            int byOrg = org.compareTo(other.org);
            int byNamespace = byOrg != 0 ? byOrg : namespace.compareTo(other.namespace);
            int bySpan = byNamespace != 0 ? byNamespace : Long.compare(span, other.span);
            int byHour = bySpan != 0 ? bySpan : Long.compare(hour, other.hour);
            return byHour != 0 ? byHour : step.compareTo(other.step);
        }
    }
}
