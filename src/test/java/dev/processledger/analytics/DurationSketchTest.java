package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationSketchTest {

    @Test
    void percentilesAreNeverBelowTheExactValueAndAtMostOnePercentAbove() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            DurationSketch sketch = new DurationSketch();
            List<Long> values = new ArrayList<>();
            int n = 1 + random.nextInt(300);
            for (int i = 0; i < n; i++) {
                long value = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(300);
                    case 1 -> random.nextInt(3_600_000);
                    default -> Math.abs(random.nextLong() >> random.nextInt(60));
                };
                values.add(value);
                sketch.record(value);
            }
            Collections.sort(values);
            for (double p : new double[] {0.01, 0.5, 0.9, 0.99, 1.0}) {
                long exact = values.get((int) Math.ceil(p * n - 1e-9) - 1);
                long answer = sketch.percentile(p);
                assertThat(answer).isGreaterThanOrEqualTo(exact);
                assertThat((double) answer).isLessThanOrEqualTo(exact * 1.01);
            }
            assertThat(sketch.max()).isEqualTo(values.get(n - 1));
        }
    }

    @Test
    void valuesBelow256AreExact() {
        for (long value = 0; value < 256; value++) {
            assertThat(DurationSketch.top(DurationSketch.index(value))).isEqualTo(value);
        }
    }

    @Test
    void everyValueLiesInItsBucketWhichIsAtMostAHundredAndTwentyEighthOfItWide() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >>> (1 + random.nextInt(63));
            int index = DurationSketch.index(value);
            long top = DurationSketch.top(index);
            long bottom = index == 0 ? 0 : DurationSketch.top(index - 1) + 1;
            assertThat(value).isBetween(bottom, top);
            assertThat(top - bottom + 1).isLessThanOrEqualTo(Math.max(1, bottom / 128));
        }
        assertThat(DurationSketch.top(DurationSketch.index(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void encodedSketchesMergeLikeTheSketchesThemselves() {
        Random random = new Random(11);
        DurationSketch merged = new DurationSketch();
        DurationSketch fromBytes = new DurationSketch();
        DurationSketch all = new DurationSketch();
        for (int part = 0; part < 20; part++) {
            DurationSketch sketch = new DurationSketch();
            for (int i = random.nextInt(50); i > 0; i--) {
                long value = random.nextInt(10_000_000) - 5;
                sketch.record(value);
                all.record(value);
            }
            merged.merge(DurationSketch.decode(sketch.encode()));
            fromBytes.addEncoded(sketch.encode());
        }
        for (DurationSketch sketch : List.of(merged, fromBytes)) {
            assertThat(sketch.encode()).isEqualTo(all.encode());
            assertThat(sketch.count()).isEqualTo(all.count());
            assertThat(sketch.mean()).isEqualTo(all.mean());
            assertThat(sketch.percentile(0.9)).isEqualTo(all.percentile(0.9));
        }
    }

    @Test
    void anEmptySketchIsStoredAsNullAndAnswersNull() {
        DurationSketch empty = DurationSketch.decode(null);
        assertThat(empty.encode()).isNull();
        assertThat(empty.percentile(0.5)).isNull();
        assertThat(empty.mean()).isNull();
        assertThat(empty.max()).isNull();
    }
}
