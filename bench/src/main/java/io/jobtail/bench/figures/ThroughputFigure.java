package io.jobtail.bench.figures;

import io.jobtail.bench.measure.BulkWriter;
import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.SenderProcess;
import io.jobtail.bench.system.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figure 2: a log written as fast as possible; MB/s from the first write until every copy is
 * complete (then checked identical, outside the timing). One stream, and four at once sharing the
 * same total.
 */
final class ThroughputFigure {
    private static final int[] STREAMS = {1, 4};

    private ThroughputFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        long total = b.sizes().throughputBytes();
        r.section("2. Throughput: " + (total >> 20) + " MiB written as fast as possible");
        r.text("MB/s = 10^6 bytes/s from the first write until the copy holds every byte; each copy is then compared"
                + " byte for byte with its original (Files.mismatch). With 4 streams each writes a quarter of the total"
                + " in parallel.\n");
        r.table("streams", "system", "MB/s", "ratio to baseline");
        List<Build> builds = b.builds();
        for (int si = 0; si < STREAMS.length; si++) {
            int streams = STREAMS[si];
            double[] jobtail = new double[builds.size()];
            for (int k = 0; k < builds.size(); k++) {
                int i = (k + si) % builds.size(); // alternate who goes first
                jobtail[i] = jobtail(b, i, streams, total / streams);
            }
            double baseline = baseline(b, streams, total / streams);
            for (int i = 0; i < builds.size(); i++) {
                r.row(streams, builds.get(i).name(), Report.num(jobtail[i]), Report.num(jobtail[i] / baseline));
            }
            r.row(streams, "baseline", Report.num(baseline), "");
            if (streams == 1) {
                r.target("single-stream throughput vs baseline", jobtail[0] / baseline, 0.7, true, "×");
            }
        }
    }

    static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (int streams : STREAMS) {
            jobs.addAll(jobs(streams));
        }
        return jobs;
    }

    private static List<String> jobs(int streams) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            jobs.add("throughput-" + streams + "-" + i);
        }
        return jobs;
    }

    private static double jobtail(Bench b, int build, int streams, long each) throws Exception {
        List<String> jobs = jobs(streams);
        ServerProcess server = b.servers().get(build);
        SenderProcess sender = SenderProcess.start(server, Bench.SITE, b.work().resolve("tp-" + streams + (build == 0 ? "" : "-" + build)),
                jobs, b.chunkSize(), b.builds().get(build));
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        for (String job : jobs) {
            files.add(sender.log(job));
            copies.add(server.copy(job, Bench.SITE, "log.txt"));
        }
        try {
            double mbps = timed(files, copies, each);
            sender.stop(120_000);
            return mbps;
        } finally {
            sender.close();
            cleanUp(files, copies);
        }
    }

    private static double baseline(Bench b, int streams, long each) throws Exception {
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        List<BaselinePipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                Path file = b.work().resolve("tp-base-" + streams + "-" + i).resolve("log.txt");
                Path copy = b.work().resolve("tp-base-" + streams + "-" + i + "-copy").resolve("log.txt");
                files.add(file);
                copies.add(copy);
                pipes.add(BaselinePipe.start(file, copy, b.work(), "throughput-" + streams + "-" + i));
            }
            return timed(files, copies, each);
        } finally {
            pipes.forEach(BaselinePipe::close);
            cleanUp(files, copies);
        }
    }

    private static double timed(List<Path> files, List<Path> copies, long each) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(files.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(writers.submit(() -> {
                    BulkWriter.write(f, each);
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
            long[] expected = new long[files.size()];
            java.util.Arrays.fill(expected, each);
            long end = Copies.awaitSizes(copies, expected, 600_000, 2);
            for (int i = 0; i < files.size(); i++) {
                Copies.requireIdentical(files.get(i), copies.get(i));
            }
            return each * files.size() / ((end - start) / 1e9) / 1e6;
        } finally {
            writers.shutdownNow();
        }
    }

    private static void cleanUp(List<Path> files, List<Path> copies) throws IOException {
        for (Path p : files) {
            Files.deleteIfExists(p);
        }
        for (Path p : copies) {
            Files.deleteIfExists(p);
        }
    }
}
