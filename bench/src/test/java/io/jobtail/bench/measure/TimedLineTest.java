package io.jobtail.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TimedLineTest {
    @Test
    void aFormattedLineHasTheFixedLengthAndGivesBackItsTime() {
        byte[] line = TimedLine.format(42, 123_456_789_012L);
        assertEquals(TimedLine.LENGTH, line.length);
        assertEquals('\n', line[line.length - 1]);
        assertEquals(123_456_789_012L, TimedLine.nanosOf(line, 0, line.length - 1));
    }

    @Test
    void negativeNanoTimesSurvive() {
        byte[] line = TimedLine.format(1, -5_000L);
        assertEquals(-5_000L, TimedLine.nanosOf(line, 0, line.length - 1));
    }

    @Test
    void otherLinesAreNotTimed() {
        byte[] text = "hello world\nplain\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, TimedLine.nanosOf(text, 0, 11));
        assertEquals(-1, TimedLine.nanosOf(text, 12, 17));
    }

    @Test
    void theLatencyRecorderKeepsOnlyLinesWrittenAfterTheWarmUp() {
        LatencyRecorder r = new LatencyRecorder(1_000);
        r.record(500, 900);   // warm-up
        r.record(1_000, 1_300);
        r.record(2_000, 2_100);
        assertEquals(3, r.seen());
        assertEquals(2, r.percentiles().count());
        assertEquals(300, r.percentiles().max());
        assertEquals(100, r.percentiles().at(50));
    }
}
