package io.jobtail.bench.figures;

import io.jobtail.bench.measure.PacedLineWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs the path under test hot before a latency measurement: {@value #LINES_PER_SECOND} timed
 * lines/s over all the files for {@link #DURATION}, then waits until every copy caught up.
 *
 * <p>Why: every sender (and the scale figure's server) is a fresh JVM, and a figure's own warm-up
 * at 100 lines/s is a few hundred messages, far from the JIT's compile thresholds; without this,
 * compilations on the 2 cores land in the measured seconds and the p99 measures the JIT, not the
 * transport. The baseline (native tail and socat) gets the same treatment. The lines are older
 * than the measurement's start, so they are never counted; the copies stay byte-identical.
 */
final class JitWarmup {
    static final double LINES_PER_SECOND = 2_000;
    static final Duration DURATION = Duration.ofSeconds(3);

    private JitWarmup() {
    }

    static void run(List<Path> files, List<Path> copies) throws Exception {
        try (PacedLineWriter writer = new PacedLineWriter(files, LINES_PER_SECOND)) {
            Thread.sleep(DURATION.toMillis());
        }
        Copies.awaitCaughtUp(files, copies, 60_000);
    }
}
