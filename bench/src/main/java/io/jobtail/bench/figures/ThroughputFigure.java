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
 *
 * <p>Each system transfers the size twice in a row, each time into new files: the first
 * ("cold") in JVMs that just started, the second ("warm") in the same JVMs afterwards. Why both:
 * a figure of a few seconds on fresh JVMs measures the JIT as much as the path (a profile of the
 * cold transfer: 37-39 % of the sender's and the server's CPU in the C2 compiler, BENCHMARKS.md),
 * while a job streamer runs for the job's life and a server for weeks, so the warm figure is the
 * one the target is checked on. The baseline (native, nothing to compile) runs the same two rounds
 * with new pipes, so each round compares with the same machine state.
 */
final class ThroughputFigure {
    private static final int[] STREAMS = {1, 4};
    private static final String[] ROUNDS = {"cold", "warm"};

    private ThroughputFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        long total = b.sizes().throughputBytes();
        r.section("2. Throughput: " + (total >> 20) + " MiB written as fast as possible");
        r.text("MB/s = 10^6 bytes/s from the first write until the copy holds every byte; each copy is then compared"
                + " byte for byte with its original (Files.mismatch). With 4 streams each writes a quarter of the total"
                + " in parallel. Each system moves the size twice in a row into new files: \"cold\" in JVMs that just"
                + " started (the JIT compiles meanwhile), \"warm\" right after in the same JVMs; the target is checked"
                + " on the warm round.\n");
        r.table("streams", "system", "round", "MB/s", "ratio to baseline");
        List<Build> builds = b.builds();
        for (int si = 0; si < STREAMS.length; si++) {
            int streams = STREAMS[si];
            double[][] jobtail = new double[builds.size()][];
            for (int k = 0; k < builds.size(); k++) {
                int i = (k + si) % builds.size(); // alternate who goes first
                jobtail[i] = jobtail(b, i, streams, total / streams);
            }
            double[] baseline = new double[ROUNDS.length];
            for (int round = 0; round < ROUNDS.length; round++) {
                baseline[round] = baseline(b, streams, total / streams, round);
            }
            for (int round = 0; round < ROUNDS.length; round++) {
                for (int i = 0; i < builds.size(); i++) {
                    r.row(streams, builds.get(i).name(), ROUNDS[round], Report.num(jobtail[i][round]),
                            Report.num(jobtail[i][round] / baseline[round]));
                }
                r.row(streams, "baseline", ROUNDS[round], Report.num(baseline[round]), "");
            }
            if (streams == 1) {
                int warm = ROUNDS.length - 1;
                r.target("single-stream throughput vs baseline (warm)", jobtail[0][warm] / baseline[warm], 0.7, true, "×");
            }
        }
    }

    static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (int streams : STREAMS) {
            for (int round = 0; round < ROUNDS.length; round++) {
                jobs.addAll(jobs(streams, round));
            }
        }
        return jobs;
    }

    private static List<String> jobs(int streams, int round) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            jobs.add("throughput-" + streams + "-" + i + "-" + ROUNDS[round]);
        }
        return jobs;
    }

    /** Both rounds through one sender JVM and one server: MB/s per round. */
    private static double[] jobtail(Bench b, int build, int streams, long each) throws Exception {
        ServerProcess server = b.servers().get(build);
        List<String> all = new ArrayList<>();
        for (int round = 0; round < ROUNDS.length; round++) {
            all.addAll(jobs(streams, round));
        }
        SenderProcess sender = SenderProcess.start(server, Bench.SITE, b.work().resolve("tp-" + streams + (build == 0 ? "" : "-" + build)),
                all, b.chunkSize(), b.builds().get(build));
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        try {
            double[] mbps = new double[ROUNDS.length];
            for (int round = 0; round < ROUNDS.length; round++) {
                List<Path> roundFiles = new ArrayList<>();
                List<Path> roundCopies = new ArrayList<>();
                for (String job : jobs(streams, round)) {
                    roundFiles.add(sender.log(job));
                    roundCopies.add(server.copy(job, Bench.SITE, "log.txt"));
                }
                files.addAll(roundFiles);
                copies.addAll(roundCopies);
                mbps[round] = timed(roundFiles, roundCopies, each);
            }
            sender.stop(120_000);
            return mbps;
        } finally {
            sender.close();
            cleanUp(files, copies);
        }
    }

    private static double baseline(Bench b, int streams, long each, int round) throws Exception {
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        List<BaselinePipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                String name = "tp-base-" + streams + "-" + i + "-" + ROUNDS[round];
                Path file = b.work().resolve(name).resolve("log.txt");
                Path copy = b.work().resolve(name + "-copy").resolve("log.txt");
                files.add(file);
                copies.add(copy);
                pipes.add(BaselinePipe.start(file, copy, b.work(), name));
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
