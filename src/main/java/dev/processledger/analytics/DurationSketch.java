package dev.processledger.analytics;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Durations in milliseconds, kept so that sketches of different hours merge by addition: a count per log-linear bucket
 * (values below 256 exactly; above, 128 buckets per power of two, so a bucket is at most 1/128 of its values wide), plus
 * the exact count, sum and maximum. A percentile is the top of the bucket holding the exact nearest-rank value, capped
 * at the maximum: never below the exact value and at most 1% above it.
 *
 * <p>Stored as the non-empty buckets only, as variable-length numbers, and merged straight from those bytes
 * ({@link #addEncoded}): a query that merges hundreds of buckets allocates nothing per bucket and decodes a few
 * hundred numbers each.
 */
final class DurationSketch {

    /** Buckets per power of two above 255; values below {@code 2 * HALF} have a bucket each. */
    private static final int HALF = 128;

    private static final byte FORMAT = 2;

    private long[] counts = new long[0];
    private long count;
    private long sum;
    private long max;

    /** Records one duration; a negative one (clocks of two instances) counts as zero. */
    void record(long millis) {
        long value = Math.max(0, millis);
        int index = index(value);
        grow(index);
        counts[index]++;
        count++;
        sum += value;
        max = Math.max(max, value);
    }

    void merge(DurationSketch other) {
        if (other == null || other.count == 0) {
            return;
        }
        grow(other.counts.length - 1);
        for (int i = 0; i < other.counts.length; i++) {
            counts[i] += other.counts[i];
        }
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
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(top(i), max);
            }
        }
        return max;
    }

    /** The sketch as bytes; null when empty. */
    byte[] encode() {
        if (count == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        out.write(FORMAT);
        writeVarLong(out, count);
        writeVarLong(out, sum);
        writeVarLong(out, max);
        int previous = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                writeVarLong(out, i - previous);
                writeVarLong(out, counts[i]);
                previous = i;
            }
        }
        return out.toByteArray();
    }

    /** The sketch stored as {@code bytes}; an empty one for null. */
    static DurationSketch decode(byte[] bytes) {
        DurationSketch sketch = new DurationSketch();
        sketch.addEncoded(bytes);
        return sketch;
    }

    /** Merges the sketch stored as {@code bytes} (null: an empty one) into this one. */
    void addEncoded(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown duration sketch format " + format);
        }
        count += readVarLong(in);
        sum += readVarLong(in);
        max = Math.max(max, readVarLong(in));
        int index = -1;
        while (in.hasRemaining()) {
            index += (int) readVarLong(in);
            grow(index);
            counts[index] += readVarLong(in);
        }
    }

    /** The bucket of a value: its top {@code 8} significant bits, and how far they are shifted. */
    static int index(long value) {
        int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(value) - 8);
        return HALF * shift + (int) (value >>> shift);
    }

    /** The highest value of bucket {@code index}. */
    static long top(int index) {
        if (index < 2 * HALF) {
            return index;
        }
        int shift = index / HALF - 1;
        long significant = index - (long) HALF * shift;
        return ((significant + 1) << shift) - 1;
    }

    private void grow(int index) {
        if (index >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(index + 1, Math.min(2 * counts.length, index + HALF)));
        }
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
