package io.jobtail.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void nearestRankOfAHundredSamples() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Percentiles p = new Percentiles(samples, 100);
        assertEquals(50, p.at(50));
        assertEquals(99, p.at(99));
        assertEquals(100, p.at(99.9));
        assertEquals(1, p.at(0.5));
        assertEquals(100, p.max());
    }

    @Test
    void onlyTheCountedSamplesCount() {
        Percentiles p = new Percentiles(new long[] {5, 1, 999}, 2);
        assertEquals(2, p.count());
        assertEquals(5, p.max());
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        assertEquals("percentile not in (0, 100]: 0.0",
                assertThrows(IllegalArgumentException.class, () -> new Percentiles(new long[] {1}, 1).at(0)).getMessage());
        assertEquals("no samples", assertThrows(IllegalStateException.class, () -> new Percentiles(new long[0], 0).at(50)).getMessage());
    }
}
