package io.jobtail.bench.figures;

import io.jobtail.bench.measure.BulkWriter;
import io.jobtail.bench.proc.CpuShare;
import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.SenderProcess;
import io.jobtail.bench.system.ServerProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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
 * with new pipes, so each round compares with the same machine state; every transfer starts with
 * the same memory just freed ({@link #primeMemory}).
 */
final class ThroughputFigure {
    private static final int[] STREAMS = {1, 4};
    private static final String[] ROUNDS = {"cold", "warm"};
    /** Each system is measured this often, in mirrored order (A B … B A). */
    private static final int PASSES = 2;

    private ThroughputFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        long total = b.sizes().throughputBytes();
        r.section("2. Throughput: " + (total >> 20) + " MiB written as fast as possible");
        r.text("MB/s = 10^6 bytes/s from the first write until the copy holds every byte; each copy is then compared"
                + " byte for byte with its original (Files.mismatch). With 4 streams each writes a quarter of the total"
                + " in parallel. Each system moves the size twice in a row into new files: \"cold\" in JVMs that just"
                + " started (the JIT compiles meanwhile), \"warm\" right after in the same JVMs. Every system is measured"
                + " twice, in the order A B … B A, and the table gives the mean of the two passes with each pass in brackets;"
                + " the target is checked on the warm round. Right before every transfer twice its size is written and"
                + " deleted, so that each finds as much memory just freed: this VM hands memory that stays free for about"
                + " 2 s back to its host, and writing into such pages cost a lone writer 1.75 s of CPU per GiB instead of"
                + " 0.26 s.\n");
        r.table("streams", "system", "round", "MB/s (pass 1, pass 2)", "ratio to baseline");
        List<Build> builds = b.builds();
        int systems = builds.size() + 1; // the last one is the baseline
        List<Transfer[][][]> cpu = new ArrayList<>();
        for (int streams : STREAMS) {
            Transfer[][][] runs = new Transfer[systems][PASSES][];
            for (int pass = 0; pass < PASSES; pass++) {
                for (int k = 0; k < systems; k++) {
                    int sys = pass % 2 == 0 ? k : systems - 1 - k;
                    runs[sys][pass] = sys == builds.size()
                            ? baseline(b, streams, total / streams, pass)
                            : jobtail(b, sys, streams, total / streams, pass);
                }
            }
            for (int round = 0; round < ROUNDS.length; round++) {
                double baseline = mean(runs[builds.size()], round, Transfer::mbps);
                for (int sys = 0; sys < systems; sys++) {
                    double m = mean(runs[sys], round, Transfer::mbps);
                    r.row(streams, name(b, sys), ROUNDS[round],
                            Report.num(m) + " (" + Report.num(runs[sys][0][round].mbps()) + ", "
                                    + Report.num(runs[sys][1][round].mbps()) + ")",
                            sys == builds.size() ? "" : Report.num(m / baseline));
                }
            }
            cpu.add(runs);
            if (streams == 1) {
                int warm = ROUNDS.length - 1;
                r.target("single-stream throughput vs baseline (warm)",
                        mean(runs[0], warm, Transfer::mbps) / mean(runs[builds.size()], warm, Transfer::mbps), 0.7, true, "×");
            }
        }
        r.text("\nWhere the CPU went in the warm round: CPU seconds (user + system) per GiB moved, mean of the passes, from"
                + " the first write until the copy was complete. Writer = the benchmark's writing threads; sending side ="
                + " the sender JVM (Jobtail) or tail and its socat (baseline); receiving side = the server JVM or the listening"
                + " socat. On 2 cores the wall time cannot be below half their sum.\n");
        r.table("streams", "system", "writer s/GiB", "sending side s/GiB", "receiving side s/GiB", "wall s/GiB");
        int warm = ROUNDS.length - 1;
        for (int i = 0; i < STREAMS.length; i++) {
            Transfer[][][] runs = cpu.get(i);
            for (int sys = 0; sys < runs.length; sys++) {
                r.row(STREAMS[i], name(b, sys), Report.num(mean(runs[sys], warm, Transfer::writerPerGib)),
                        Report.num(mean(runs[sys], warm, Transfer::senderPerGib)),
                        Report.num(mean(runs[sys], warm, Transfer::receiverPerGib)),
                        Report.num(mean(runs[sys], warm, Transfer::wallPerGib)));
            }
        }
    }

    private static String name(Bench b, int sys) {
        return sys == b.builds().size() ? "baseline" : b.builds().get(sys).name();
    }

    private static double mean(Transfer[][] passes, int round, ToDoubleFunction<Transfer> figure) {
        double sum = 0;
        for (Transfer[] pass : passes) {
            sum += figure.applyAsDouble(pass[round]);
        }
        return sum / passes.length;
    }

    /**
     * One timed transfer: its MB/s and the CPU seconds each part spent on it.
     *
     * @param bytes all streams together
     */
    record Transfer(long bytes, double seconds, double writerCpu, double senderCpu, double receiverCpu) {
        private static final double GIB = 1L << 30;

        double mbps() {
            return bytes / seconds / 1e6;
        }

        double writerPerGib() {
            return writerCpu * GIB / bytes;
        }

        double senderPerGib() {
            return senderCpu * GIB / bytes;
        }

        double receiverPerGib() {
            return receiverCpu * GIB / bytes;
        }

        double wallPerGib() {
            return seconds * GIB / bytes;
        }
    }

    /**
     * Writes and deletes {@code bytes} in {@code dir} right before a transfer, so that every
     * transfer finds that much memory just freed. Why: this machine is a VM whose kernel reports
     * memory that stays free for about 2 s to the host (virtio-balloon free page reporting), which
     * takes it back; the next use of such a page faults in the host. Measured with a lone writer
     * (1 GiB in 1 MiB appends): 0.26 s of CPU per GiB into pages freed a moment before, 1.75 s
     * into pages freed 6 s before. A transfer that found the previous one's pages (the baseline,
     * whose files are deleted after each round) paid a seventh of what one that did not paid
     * (Jobtail's warm round, while its cold round's files still existed): whichever ran first, or
     * kept files longer, measured slow (an A/A run: 172 vs 302 MB/s for identical jars). Twice
     * the size, for the log and its copy.
     */
    private static void primeMemory(Path dir, long bytes) throws IOException {
        Path scratch = dir.resolve("tp-prime").resolve("scratch.bin");
        try {
            BulkWriter.write(scratch, bytes);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /**
     * Writes every dirty page to disk (sync(1)), outside the timing. Why: a Jobtail round's files
     * stay open (and so in the page cache) until its sender stops, and the warm round ran slower
     * than the cold one while the kernel wrote the cold round's 2 GiB back meanwhile; after this,
     * no transfer pays for an earlier one's writeback, whichever system made it.
     */
    private static void writeBack() throws IOException, InterruptedException {
        Process sync = new ProcessBuilder("sync").redirectErrorStream(true).start();
        if (!sync.waitFor(120, TimeUnit.SECONDS)) {
            sync.destroyForcibly();
            throw new IOException("sync did not finish within 120 s");
        }
    }

    static List<String> jobs() {
        List<String> jobs = new ArrayList<>();
        for (int streams : STREAMS) {
            for (int pass = 0; pass < PASSES; pass++) {
                for (int round = 0; round < ROUNDS.length; round++) {
                    jobs.addAll(jobs(streams, pass, round));
                }
            }
        }
        return jobs;
    }

    /** Every pass and round streams into logs of its own: the server keeps what it stored. */
    private static List<String> jobs(int streams, int pass, int round) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            jobs.add("throughput-" + streams + "-" + i + "-p" + pass + "-" + ROUNDS[round]);
        }
        return jobs;
    }

    /** Both rounds through one sender JVM and one server. */
    private static Transfer[] jobtail(Bench b, int build, int streams, long each, int pass) throws Exception {
        ServerProcess server = b.servers().get(build);
        List<String> all = new ArrayList<>();
        for (int round = 0; round < ROUNDS.length; round++) {
            all.addAll(jobs(streams, pass, round));
        }
        SenderProcess sender = SenderProcess.start(server, Bench.SITE,
                b.work().resolve("tp-" + streams + "-b" + build + "-p" + pass), all, b.chunkSize(), b.builds().get(build));
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        try {
            Transfer[] transfers = new Transfer[ROUNDS.length];
            for (int round = 0; round < ROUNDS.length; round++) {
                List<Path> roundFiles = new ArrayList<>();
                List<Path> roundCopies = new ArrayList<>();
                for (String job : jobs(streams, pass, round)) {
                    roundFiles.add(sender.log(job));
                    roundCopies.add(server.copy(job, Bench.SITE, "log.txt"));
                }
                files.addAll(roundFiles);
                copies.addAll(roundCopies);
                transfers[round] = timed(b.work(), roundFiles, roundCopies, each, List.of(sender.pid()), List.of(server.pid()));
            }
            sender.stop(120_000);
            return transfers;
        } finally {
            sender.close();
            cleanUp(files, copies);
        }
    }

    /** Both rounds through new pipes. */
    private static Transfer[] baseline(Bench b, int streams, long each, int pass) throws Exception {
        Transfer[] transfers = new Transfer[ROUNDS.length];
        for (int round = 0; round < ROUNDS.length; round++) {
            transfers[round] = baseline(b, streams, each, "p" + pass + "-" + ROUNDS[round]);
        }
        return transfers;
    }

    private static Transfer baseline(Bench b, int streams, long each, String run) throws Exception {
        List<Path> files = new ArrayList<>();
        List<Path> copies = new ArrayList<>();
        List<BaselinePipe> pipes = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                String name = "tp-base-" + streams + "-" + i + "-" + run;
                Path file = b.work().resolve(name).resolve("log.txt");
                Path copy = b.work().resolve(name + "-copy").resolve("log.txt");
                files.add(file);
                copies.add(copy);
                pipes.add(BaselinePipe.start(file, copy, b.work(), name));
            }
            List<Long> senders = new ArrayList<>();
            List<Long> receivers = new ArrayList<>();
            for (BaselinePipe pipe : pipes) {
                senders.addAll(pipe.senderPids());
                receivers.add(pipe.receiverPid());
            }
            return timed(b.work(), files, copies, each, senders, receivers);
        } finally {
            pipes.forEach(BaselinePipe::close);
            cleanUp(files, copies);
        }
    }

    /**
     * Primes memory ({@link #primeMemory}), writes every file, waits until every copy is complete,
     * checks them identical and syncs. The CPU of the writing threads and of both sides' processes
     * is counted from the first write until the copies are complete.
     */
    private static Transfer timed(Path work, List<Path> files, List<Path> copies, long each, List<Long> senderPids,
            List<Long> receiverPids) throws Exception {
        primeMemory(work, 2 * each * files.size());
        ExecutorService writers = Executors.newFixedThreadPool(files.size());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CpuShare sending = new CpuShare(senderPids);
        CpuShare receiving = new CpuShare(receiverPids);
        try {
            sending.start();
            receiving.start();
            long start = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(writers.submit(() -> {
                    long cpuBefore = threads.getCurrentThreadCpuTime();
                    BulkWriter.write(f, each);
                    return threads.getCurrentThreadCpuTime() - cpuBefore;
                }));
            }
            long writerCpu = 0;
            for (Future<Long> d : done) {
                writerCpu += d.get();
            }
            long[] expected = new long[files.size()];
            Arrays.fill(expected, each);
            long end = Copies.awaitSizes(copies, expected, 600_000, 2);
            sending.stop();
            receiving.stop();
            for (int i = 0; i < files.size(); i++) {
                Copies.requireIdentical(files.get(i), copies.get(i));
            }
            writeBack();
            return new Transfer(each * files.size(), (end - start) / 1e9, writerCpu / 1e9, sending.cpuSeconds(),
                    receiving.cpuSeconds());
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
