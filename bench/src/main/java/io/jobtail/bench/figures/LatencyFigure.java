package io.jobtail.bench.figures;

import io.jobtail.bench.measure.CopyObserver;
import io.jobtail.bench.measure.LatencyRecorder;
import io.jobtail.bench.measure.PacedLineWriter;
import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.SenderProcess;
import io.jobtail.bench.system.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 1: a writer appends timed lines at 100, 1,000 and 10,000 lines/s; how long until each is
 * visible in the server's copy (Jobtail) or the listener's copy (baseline), p50/p99/p99.9.
 */
final class LatencyFigure {
    static final double[] RATES = {100, 1_000, 10_000};
    private static final String SITE = Bench.SITE;

    private LatencyFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        r.section("1. Latency: append → visible in the copy");
        r.text("A writer appends " + io.jobtail.bench.measure.TimedLine.LENGTH + "-byte lines (one write(2) each) for "
                + b.sizes().latencyRun().toSeconds() + " s after " + b.sizes().latencyWarmup().toSeconds()
                + " s of warm-up at the rate (before that, " + JitWarmup.DURATION.toSeconds() + " s at "
                + Report.num(JitWarmup.LINES_PER_SECOND) + " lines/s, so the JVMs' code is compiled); every line's latency is the time from just before its write to the moment an inotify-driven"
                + " reader of the copy sees it. Milliseconds.\n");
        r.table("lines/s", "system", "lines", "p50", "p99", "p99.9", "max", "p99 ratio Jobtail/baseline");
        List<Build> builds = b.builds();
        for (int ri = 0; ri < RATES.length; ri++) {
            double rate = RATES[ri];
            Percentiles[] jobtail = new Percentiles[builds.size()];
            // builds alternate who goes first, so a drift in the machine's load favours none
            for (int k = 0; k < builds.size(); k++) {
                int i = (k + ri) % builds.size();
                jobtail[i] = jobtail(b, b.servers().get(i), builds.get(i), i, rate);
            }
            Path file = b.work().resolve("lat-base-" + (long) rate).resolve("log.txt");
            Path copy = b.work().resolve("lat-base-" + (long) rate + "-copy").resolve("log.txt");
            Percentiles baseline;
            try (BaselinePipe pipe = BaselinePipe.start(file, copy, b.work(), "latency-" + (long) rate)) {
                baseline = measure(b, file, copy, rate);
            }
            for (int i = 0; i < builds.size(); i++) {
                double ratio = (double) jobtail[i].at(99) / Math.max(1, baseline.at(99));
                row(r, rate, builds.get(i).name(), jobtail[i], Report.num(ratio));
            }
            row(r, rate, "baseline", baseline, "");
            if (rate == 1_000) {
                r.target("latency p99 at 1,000 lines/s", jobtail[0].at(99) / 1e6, 10, false, "ms");
            }
        }
    }

    private static Percentiles jobtail(Bench b, ServerProcess server, Build build, int index, double rate) throws Exception {
        String job = job(rate);
        SenderProcess sender = SenderProcess.start(server, SITE, b.work().resolve("lat-" + (long) rate + (index == 0 ? "" : "-" + index)),
                List.of(job), b.chunkSize(), build);
        try {
            Percentiles p = measure(b, sender.log(job), server.copy(job, SITE, "log.txt"), rate);
            sender.stop(120_000);
            return p;
        } finally {
            sender.close();
        }
    }

    static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (double rate : RATES) {
            jobs.add(job(rate));
        }
        return jobs;
    }

    private static String job(double rate) {
        return "latency-" + (long) rate;
    }

    private static void row(Report r, double rate, String system, Percentiles p, String ratio) {
        r.row((long) rate, system, p.count(), Report.ms(p.at(50)), Report.ms(p.at(99)), Report.ms(p.at(99.9)),
                Report.ms(p.max()), ratio);
    }

    static Percentiles measure(Bench b, Path file, Path copy, double rate) throws Exception {
        JitWarmup.run(List.of(file), List.of(copy));
        long warmupNanos = b.sizes().latencyWarmup().toNanos();
        LatencyRecorder recorder = new LatencyRecorder(System.nanoTime() + warmupNanos);
        CopyObserver observer = new CopyObserver(recorder);
        try {
            observer.follow(copy);
            try (PacedLineWriter writer = new PacedLineWriter(List.of(file), rate)) {
                Thread.sleep(warmupNanos / 1_000_000 + b.sizes().latencyRun().toMillis());
            }
            Copies.awaitCaughtUp(List.of(file), List.of(copy), 60_000);
        } finally {
            observer.close();
        }
        Copies.requireIdentical(file, copy);
        return recorder.percentiles();
    }
}
