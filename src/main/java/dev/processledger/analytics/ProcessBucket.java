package dev.processledger.analytics;

/**
 * The processes of one organisation and namespace that started in one hour: how many started, completed and failed,
 * and sketches of their durations (all finished, completed only) and of the times to restore of the failures among
 * them. Also used as the change one batch of events makes to such a bucket, which merges by addition.
 */
final class ProcessBucket {

    long started;
    long completed;
    long failed;
    final DurationSketch duration;
    final DurationSketch leadTime;
    final DurationSketch restore;

    ProcessBucket() {
        this(new DurationSketch(), new DurationSketch(), new DurationSketch());
    }

    ProcessBucket(DurationSketch duration, DurationSketch leadTime, DurationSketch restore) {
        this.duration = duration;
        this.leadTime = leadTime;
        this.restore = restore;
    }

    void merge(ProcessBucket other) {
        started += other.started;
        completed += other.completed;
        failed += other.failed;
        duration.merge(other.duration);
        leadTime.merge(other.leadTime);
        restore.merge(other.restore);
    }

    /** Identifies a bucket; {@code hour} is the first millisecond of the hour. */
    record Key(String org, String namespace, long hour) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byOrg = org.compareTo(other.org);
            int byNamespace = byOrg != 0 ? byOrg : namespace.compareTo(other.namespace);
            return byNamespace != 0 ? byNamespace : Long.compare(hour, other.hour);
        }
    }
}
