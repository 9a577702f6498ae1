package io.jobtail.bench.figures;

import io.jobtail.bench.measure.PacedLineWriter;
import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.stages.StagePipeline;
import io.jobtail.bench.stages.StageTimes;
import io.jobtail.bench.stages.StageTimes.Stage;
import java.nio.file.Path;
import java.util.List;

/**
 * Figure 1b: where a line's latency goes. The same path as figure 1 (tail, read-ahead, HTTP,
 * server engine, receiver, store) but all in this JVM, timed at each hand-off by decorators
 * (production code carries no instrumentation), at 100 and 1,000 lines/s.
 */
final class StagesFigure {
    static final double[] RATES = {100, 1_000};
    private static final int MAX_LINES = 1 << 18;

    private StagesFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        r.section("1b. Where a line's latency goes (one JVM, timed at each hand-off)");
        r.text("The latency path of figure 1 with sender and server in one JVM (so their clocks compare), timed by"
                + " decorators on the producer, the messengers and the server's handler; the same JIT warm-up and "
                + b.sizes().latencyWarmup().toSeconds() + " s + " + b.sizes().latencyRun().toSeconds() + " s at the rate."
                + " Each row is one hand-off, per line (milliseconds); rows do not add up at p99.\n");
        r.table("lines/s", "stage", "p50", "p99", "p99.9", "max");
        for (double rate : RATES) {
            StageTimes times = new StageTimes(MAX_LINES);
            Path dir = b.work().resolve("stages-" + (long) rate);
            long keepFrom;
            try (StagePipeline pipeline = new StagePipeline(dir, times)) {
                JitWarmup.run(List.of(pipeline.log()), List.of(pipeline.copy()));
                keepFrom = System.nanoTime() + b.sizes().latencyWarmup().toNanos();
                try (PacedLineWriter writer = new PacedLineWriter(List.of(pipeline.log()), rate)) {
                    Thread.sleep(b.sizes().latencyWarmup().toMillis() + b.sizes().latencyRun().toMillis());
                }
                Copies.awaitCaughtUp(List.of(pipeline.log()), List.of(pipeline.copy()), 60_000);
            }
            StagePipeline.recordWrites(dir.resolve("site").resolve("log.txt"), times);
            row(r, rate, "append → tail read it (inotify, watcher thread, reader thread)", times.between(Stage.WRITTEN, Stage.READ, keepFrom));
            row(r, rate, "tail read → request starts (read-ahead queue → sending thread)", times.between(Stage.READ, Stage.SENT, keepFrom));
            row(r, rate, "request → server handler starts (client write, server selector, worker)", times.between(Stage.SENT, Stage.HANDLED, keepFrom));
            row(r, rate, "server handler (engine, receiver, store append)", times.between(Stage.HANDLED, Stage.STORED, keepFrom));
            row(r, rate, "handler done → reply on the sending thread", times.between(Stage.STORED, Stage.REPLIED, keepFrom));
            row(r, rate, "**append → stored (whole path)**", times.between(Stage.WRITTEN, Stage.STORED, keepFrom));
        }
    }

    private static void row(Report r, double rate, String stage, Percentiles p) {
        if (p.count() == 0) {
            r.row((long) rate, stage, "n/a", "n/a", "n/a", "n/a");
            return;
        }
        r.row((long) rate, stage, Report.ms(p.at(50)), Report.ms(p.at(99)), Report.ms(p.at(99.9)), Report.ms(p.max()));
    }
}
