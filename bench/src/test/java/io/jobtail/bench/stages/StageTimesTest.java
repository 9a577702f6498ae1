package io.jobtail.bench.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.measure.TimedLine;
import io.jobtail.bench.stages.StageTimes.Stage;
import org.junit.jupiter.api.Test;

class StageTimesTest {
    private static final int L = TimedLine.LENGTH;

    @Test
    void aMessageTimesTheLinesWhoseNewlineItCarries() {
        StageTimes t = new StageTimes(10);
        for (int line = 0; line < 4; line++) {
            t.written(line, 1_000);
        }
        // line 0 whole, and line 1 but for its last byte (its newline)
        t.record(Stage.READ, 0, 2L * L - 1, 2_000);
        // the newline of line 1, and lines 2 and 3
        t.record(Stage.READ, 2L * L - 1, 2L * L + 1, 5_000);

        Percentiles p = t.between(Stage.WRITTEN, Stage.READ, 0);

        assertEquals(4, p.count());
        assertEquals(1_000, p.at(1));
        assertEquals(4_000, p.max());
    }

    @Test
    void aResentMessageKeepsTheFirstTime() {
        StageTimes t = new StageTimes(10);
        t.written(0, 1_000);
        t.record(Stage.SENT, 0, L, 2_000);
        t.record(Stage.SENT, 0, L, 9_000);

        assertEquals(1_000, t.between(Stage.WRITTEN, Stage.SENT, 0).max());
    }

    @Test
    void linesWrittenBeforeTheMeasurementStartAreLeftOut() {
        StageTimes t = new StageTimes(10);
        t.written(0, 1_000);
        t.written(1, 5_000);
        t.record(Stage.STORED, 0, 2L * L, 6_000);

        Percentiles p = t.between(Stage.WRITTEN, Stage.STORED, 4_000);

        assertEquals(1, p.count());
        assertEquals(1_000, p.max());
    }
}
