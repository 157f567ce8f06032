package dev.processledger.analytics;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Durations in milliseconds, kept so that sketches of different hours merge by addition: an HdrHistogram with two
 * significant digits (each value lands in a bucket at most 1/128 of its size wide), plus the exact count, sum and
 * maximum. A percentile is the top of the bucket holding the exact nearest-rank value, capped at the maximum: never
 * below the exact value and at most 1% above it.
 */
final class DurationSketch {

    private static final int DIGITS = 2;
    private static final byte FORMAT = 1;

    private final Histogram histogram;
    private long count;
    private long sum;
    private long max;

    DurationSketch() {
        this(new Histogram(DIGITS), 0, 0, 0);
    }

    private DurationSketch(Histogram histogram, long count, long sum, long max) {
        this.histogram = histogram;
        this.count = count;
        this.sum = sum;
        this.max = max;
    }

    /** Records one duration; a negative one (clocks of two instances) counts as zero. */
    void record(long millis) {
        long value = Math.max(0, millis);
        histogram.recordValue(value);
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    void merge(DurationSketch other) {
        if (other == null || other.count == 0) {
            return;
        }
        histogram.add(other.histogram);
        count += other.count;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    long count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    Double mean() {
        return count == 0 ? null : (double) sum / count;
    }

    Long max() {
        return count == 0 ? null : max;
    }

    /** The nearest-rank percentile ({@code fraction} in (0, 1]): the value at rank ceil(fraction * count). */
    Long percentile(double fraction) {
        if (count == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * count - 1e-9));
        long seen = 0;
        for (HistogramIterationValue value : histogram.recordedValues()) {
            seen += value.getCountAtValueIteratedTo();
            if (seen >= rank) {
                return Math.min(histogram.highestEquivalentValue(value.getValueIteratedTo()), max);
            }
        }
        return max;
    }

    byte[] encode() {
        if (count == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(25 + histogram.getNeededByteBufferCapacity());
        buffer.put(FORMAT).putLong(count).putLong(sum).putLong(max);
        histogram.encodeIntoByteBuffer(buffer);
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    /** The sketch stored as {@code bytes}; an empty one for null. */
    static DurationSketch decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new DurationSketch();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown duration sketch format " + format);
        }
        long count = buffer.getLong();
        long sum = buffer.getLong();
        long max = buffer.getLong();
        Histogram histogram = Histogram.decodeFromByteBuffer(buffer, 0);
        histogram.setAutoResize(true);
        return new DurationSketch(histogram, count, sum, max);
    }
}
