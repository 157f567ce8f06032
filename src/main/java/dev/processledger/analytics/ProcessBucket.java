package dev.processledger.analytics;

/**
 * The processes of one organization and namespace that started in one hour: how many started, completed and failed,
 * and sketches of their durations (all finished, completed only) and of the times to restore of the failures among
 * them. Also used as the change one batch of events makes to such a bucket, which merges by addition.
 */
final class ProcessBucket {

    long started;
    long completed;
    long failed;
    final DurationSketch duration = new DurationSketch();
    final DurationSketch leadTime = new DurationSketch();
    final DurationSketch restore = new DurationSketch();

    void merge(ProcessBucket other) {
        started += other.started;
        completed += other.completed;
        failed += other.failed;
        duration.merge(other.duration);
        leadTime.merge(other.leadTime);
        restore.merge(other.restore);
    }

    /** Identifies a bucket: {@code hour} is its first millisecond, {@code span} its length (an hour or a day). */
    record Key(String org, String namespace, long span, long hour) implements Comparable<Key> {
        Key day() {
            return new Key(org, namespace, Hours.DAY_MS, Math.floorDiv(hour, Hours.DAY_MS) * Hours.DAY_MS);
        }

        @Override
        public int compareTo(Key other) {
            int byOrg = org.compareTo(other.org);
            int byNamespace = byOrg != 0 ? byOrg : namespace.compareTo(other.namespace);
            int bySpan = byNamespace != 0 ? byNamespace : Long.compare(span, other.span);
            return bySpan != 0 ? bySpan : Long.compare(hour, other.hour);
        }
    }
}
