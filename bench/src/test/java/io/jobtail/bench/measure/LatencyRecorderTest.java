package io.jobtail.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void warmUpLinesAreCountedButNotKept() {
        LatencyRecorder r = new LatencyRecorder(10 * S);
        r.record(9 * S, 9 * S + 500 * MS);
        r.record(10 * S, 10 * S + 2 * MS);
        assertEquals(2, r.seen());
        assertEquals(1, r.percentiles().count());
        assertEquals(2 * MS, r.percentiles().max());
    }

    @Test
    void slowLinesAreGroupedByTheSecondAfterTheWarmUpTheyWereWrittenIn() {
        LatencyRecorder r = new LatencyRecorder(100 * S);
        r.record(50 * S, 50 * S + 900 * MS); // warm-up: not kept
        for (int i = 0; i < 2000; i++) { // past the initial capacity, so the arrays grow together
            long written = 100 * S + i * 10 * MS; // 20 s of lines
            boolean slow = i == 5 || i == 7 || i == 1500;
            r.record(written, written + (slow ? 60 * MS : MS));
        }
        assertEquals(Map.of(0L, 2, 15L, 1), r.slowLinesBySecond(50 * MS));
        assertEquals(Map.of(), r.slowLinesBySecond(60 * MS), "only lines over the threshold");
    }
}
