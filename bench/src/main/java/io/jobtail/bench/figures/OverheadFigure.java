package io.jobtail.bench.figures;

import io.jobtail.bench.measure.PacedBlockWriter;
import io.jobtail.bench.proc.JvmHeap;
import io.jobtail.bench.proc.ProcessSample;
import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.SenderProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 3: what the streamer costs the job process. CPU and memory of a sender JVM streaming a
 * log written at 10 MB/s (against tail + socat doing the same), and the CPU per stream of many
 * streams with nothing new to send (heartbeats only).
 */
final class OverheadFigure {
    static final long RATE = 10_000_000;
    /** Threads that are the streamer's own (comm names, cut to 15 characters by Linux). */
    private static final String RATE_JOB = "overhead-10mbs";
    static final List<String> STREAMER_THREADS = List.of("log_streamer", "HttpClient", "jobtail-");
    private static final long SETTLE_MS = 3_000;
    private static final byte[] FIRST_LINE = "one line so the stream opens\n".getBytes(StandardCharsets.UTF_8);

    private OverheadFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        long runMs = b.sizes().overheadRun().toMillis();
        r.section("3. Overhead in the job process");
        r.text("Streaming a log written at 10 MB/s (100 KB every 10 ms) for " + runMs / 1000 + " s after " + SETTLE_MS / 1000
                + " s to settle. CPU is user+system time over wall time (100 % = one core), from /proc. The Jobtail sender is"
                + " a JVM that does nothing but stream (one JobLogStreamer, as a job process would run it); \"streamer threads\""
                + " are its log_streamer, HttpClient and jobtail-* threads, the rest is the JVM (JIT, GC). Heap: jcmd"
                + " GC.heap_info at the end, before and after a full GC.\n");
        String job = RATE_JOB;
        SenderProcess sender = SenderProcess.start(b.server(), Bench.SITE, b.work().resolve("ovh"), List.of(job), b.chunkSize());
        try (PacedBlockWriter w = new PacedBlockWriter(sender.log(job), RATE)) {
            Thread.sleep(SETTLE_MS);
            ProcessSample before = ProcessSample.of(sender.pid(), STREAMER_THREADS);
            long t0 = System.nanoTime();
            Thread.sleep(runMs);
            ProcessSample after = ProcessSample.of(sender.pid(), STREAMER_THREADS);
            double wall = System.nanoTime() - t0;
            long[] heap = JvmHeap.committedAndUsed(sender.pid(), false);
            long[] live = JvmHeap.committedAndUsed(sender.pid(), true);
            double jvmCpu = 100 * (after.cpuNanos() - before.cpuNanos()) / wall;
            double streamerCpu = 100 * (sum(after) - sum(before)) / wall;
            r.table("system", "CPU % of a core (process)", "CPU % (streamer threads)", "RSS MiB", "heap committed / used / live MiB");
            r.row("Jobtail sender JVM", Report.num(jvmCpu), Report.num(streamerCpu), mib(after.rssBytes()),
                    mib(heap[0]) + " / " + mib(heap[1]) + " / " + mib(live[1]));
            w.close();
            sender.stop(120_000);
            BaselineResult base = baseline(b, runMs);
            r.row("baseline tail + socat", Report.num(base.cpu), "", mib(base.rss), "");
            r.text("\nRatio of CPU, Jobtail sender JVM / baseline: " + Report.num(jvmCpu / base.cpu)
                    + "; streamer threads only / baseline: " + Report.num(streamerCpu / base.cpu) + ".\n");
        } finally {
            sender.close();
        }
        idle(b);
    }

    private record BaselineResult(double cpu, long rss) {
    }

    private static BaselineResult baseline(Bench b, long runMs) throws Exception {
        Path file = b.work().resolve("ovh-base").resolve("log.txt");
        Path copy = b.work().resolve("ovh-base-copy").resolve("log.txt");
        try (BaselinePipe pipe = BaselinePipe.start(file, copy, b.work(), "overhead");
             PacedBlockWriter w = new PacedBlockWriter(file, RATE)) {
            Thread.sleep(SETTLE_MS);
            ProcessSample before = pipe.senderSample();
            long t0 = System.nanoTime();
            Thread.sleep(runMs);
            ProcessSample after = pipe.senderSample();
            return new BaselineResult(100 * (after.cpuNanos() - before.cpuNanos()) / (double) (System.nanoTime() - t0),
                    after.rssBytes());
        }
    }

    static List<String> jobs(Sizes sizes) {
        List<String> jobs = new ArrayList<>(List.of(RATE_JOB));
        jobs.addAll(idleJobs(sizes.idleStreams()));
        return jobs;
    }

    private static List<String> idleJobs(int n) {
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            jobs.add(String.format("idle-%04d", i));
        }
        return jobs;
    }

    private static void idle(Bench b) throws Exception {
        Report r = b.report();
        int n = b.sizes().idleStreams();
        long runMs = b.sizes().idleRun().toMillis();
        List<String> jobs = idleJobs(n);
        Path ws = b.work().resolve("idle");
        for (String job : jobs) {
            Files.createDirectories(ws.resolve(job));
            Files.write(ws.resolve(job).resolve("log.txt"), FIRST_LINE);
        }
        SenderProcess sender = SenderProcess.start(b.server(), Bench.SITE, ws, jobs, b.chunkSize());
        try {
            List<Path> copies = new ArrayList<>();
            jobs.forEach(j -> copies.add(b.server().copy(j, Bench.SITE, "log.txt")));
            long[] expected = new long[n];
            java.util.Arrays.fill(expected, FIRST_LINE.length);
            Copies.awaitSizes(copies, expected, 120_000, 50);
            Thread.sleep(SETTLE_MS);
            ProcessSample before = ProcessSample.of(sender.pid(), STREAMER_THREADS);
            ProcessSample serverBefore = ProcessSample.of(b.server().pid(), List.of());
            long t0 = System.nanoTime();
            Thread.sleep(runMs);
            ProcessSample after = ProcessSample.of(sender.pid(), STREAMER_THREADS);
            ProcessSample serverAfter = ProcessSample.of(b.server().pid(), List.of());
            double wall = System.nanoTime() - t0;
            double perStream = 100 * (after.cpuNanos() - before.cpuNanos()) / wall / n;
            double perStreamThreads = 100 * (sum(after) - sum(before)) / wall / n;
            double serverPerStream = 100 * (serverAfter.cpuNanos() - serverBefore.cpuNanos()) / wall / n;
            r.text("**Idle streams.** " + n + " streams with nothing new to send for " + runMs / 1000
                    + " s (each polls its file every 0.5 s and sends a heartbeat after 10 s of silence), all in one sender JVM."
                    + " CPU % of one core per stream (CPU tick resolution 10 ms):\n");
            r.table("measure", "CPU % of a core per idle stream");
            r.row("sender JVM, whole process / " + n, Report.num(perStream));
            r.row("sender, streamer threads only / " + n, Report.num(perStreamThreads));
            r.row("server process (heartbeats received) / " + n, Report.num(serverPerStream));
            r.target("idle CPU per stream (sender JVM)", perStream, 0.1, false, "% of a core");
            sender.stop(120_000);
        } finally {
            sender.close();
        }
    }

    private static long sum(ProcessSample s) {
        return s.cpuNanosByThreadPrefix().values().stream().mapToLong(Long::longValue).sum();
    }

    static String mib(long bytes) {
        return Report.num(bytes / 1048576.0);
    }
}
