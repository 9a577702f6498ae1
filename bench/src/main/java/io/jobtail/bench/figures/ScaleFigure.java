package io.jobtail.bench.figures;

import io.jobtail.bench.measure.CopyObserver;
import io.jobtail.bench.measure.LatencyRecorder;
import io.jobtail.bench.measure.PacedLineWriter;
import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.proc.CpuShare;
import io.jobtail.bench.proc.JvmHeap;
import io.jobtail.bench.proc.ProcessSample;
import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.SenderProcess;
import io.jobtail.bench.system.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Figure 4: many concurrent streams into one server (a fresh one, its heap capped at 512 MiB):
 * append-to-visible p99 over all of them, and the server's heap, threads and open files. The
 * streams come from four sender JVMs (four sites), each job's log in its own directory as on a
 * real site.
 */
final class ScaleFigure {
    static final int SITES = 4;
    static final String MAX_HEAP = "-Xmx512m";
    /** What a sender logs (at WARN) when a request of a stream fails and it starts backing off. */
    static final String RETRY_WARNING = "retrying with backoff";

    private ScaleFigure() {
    }

    private static List<String> serverOptions(Bench b) {
        List<String> options = new ArrayList<>(b.serverOptions());
        options.add(MAX_HEAP);
        return options;
    }

    private static long retries(List<SenderProcess> senders) throws IOException {
        long retries = 0;
        for (SenderProcess sender : senders) {
            retries += sender.outputLinesContaining(RETRY_WARNING);
        }
        return retries;
    }

    private static String slowLines(SortedMap<Long, Integer> bySecond) {
        if (bySecond.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        bySecond.forEach((second, lines) -> sb.append(sb.length() == 0 ? "" : ", ").append(second).append(": ").append(lines));
        return sb.toString();
    }

    private static String cores(CpuShare c) {
        return Report.num(c.cores()) + " (" + Report.num(c.jitCores()) + ")";
    }

    static void run(Bench b) throws Exception {
        b.report().section("4. Scale: " + b.sizes().scaleStreams() + " concurrent streams into one server");
        // The builds take turns by the run's start time: two runs in a row cancel a load that drifts
        // during one of them (the figure takes minutes, too long to interleave line by line).
        int n = b.builds().size();
        int first = (int) ((System.currentTimeMillis() / 1000) % n);
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            run(b, b.builds().get(i), i);
        }
    }

    private static void run(Bench b, Build build, int index) throws Exception {
        Report r = b.report();
        Sizes s = b.sizes();
        int n = s.scaleStreams();
        double rate = n * s.scaleLinesPerStreamPerSecond();
        List<String> sites = new ArrayList<>();
        for (int i = 1; i <= SITES; i++) {
            sites.add("scale-" + i);
        }
        Path root = b.work().resolve(index == 0 ? "scale" : "scale-" + index);
        List<SenderProcess> senders = new ArrayList<>();
        List<String> allJobs = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            allJobs.add(String.format("scale-%04d", j));
        }
        try (ServerProcess server = ServerProcess.start(root, sites, allJobs, serverOptions(b), build)) {
            ProcessSample idleServer = ProcessSample.of(server.pid(), List.of());
            List<Path> files = new ArrayList<>();
            List<Path> copies = new ArrayList<>();
            for (int si = 0; si < SITES; si++) {
                List<String> jobs = new ArrayList<>();
                for (int j = si; j < n; j += SITES) {
                    jobs.add(allJobs.get(j));
                }
                SenderProcess sender = SenderProcess.start(server, sites.get(si), root.resolve(sites.get(si)), jobs, b.chunkSize(),
                        build);
                senders.add(sender);
                for (String job : jobs) {
                    files.add(sender.log(job));
                    copies.add(server.copy(job, sites.get(si), "log.txt"));
                }
            }
            JitWarmup.run(files, copies);
            LatencyRecorder recorder = new LatencyRecorder(System.nanoTime() + s.scaleWarmup().toNanos());
            int maxThreads = 0;
            int maxFiles = 0;
            long maxRss = 0;
            long[] heapMid;
            // Who had the cores while the figure was measured: the senders run on the server's
            // machine here, unlike in production.
            CpuShare serverCpu = new CpuShare(List.of(server.pid()));
            CpuShare senderCpu = new CpuShare(senders.stream().map(SenderProcess::pid).toList());
            CpuShare driverCpu = new CpuShare(List.of(ProcessHandle.current().pid()));
            boolean cpuStarted = false;
            long retriesBefore = 0;
            long retriesDuring;
            CopyObserver observer = new CopyObserver(recorder);
            try {
                copies.forEach(observer::follow);
                try (PacedLineWriter writer = new PacedLineWriter(files, rate)) {
                    long end = System.nanoTime() + s.scaleWarmup().toNanos() + s.scaleRun().toNanos();
                    // jcmd is a JVM of its own and attaching pauses the server: sample the heap under
                    // the full load but early in the warm-up, so that stall is never measured
                    long mid = System.nanoTime() + s.scaleWarmup().toNanos() / 5;
                    long measuredFrom = System.nanoTime() + s.scaleWarmup().toNanos();
                    heapMid = null;
                    while (System.nanoTime() < end) {
                        if (!cpuStarted && System.nanoTime() >= measuredFrom) {
                            serverCpu.start();
                            senderCpu.start();
                            driverCpu.start();
                            cpuStarted = true;
                            retriesBefore = retries(senders);
                        }
                        Thread.sleep(1000);
                        server.process().requireAlive();
                        ProcessSample p = ProcessSample.of(server.pid(), List.of());
                        maxThreads = Math.max(maxThreads, p.threads());
                        maxFiles = Math.max(maxFiles, p.openFiles());
                        maxRss = Math.max(maxRss, p.rssBytes());
                        if (heapMid == null && System.nanoTime() > mid) {
                            heapMid = JvmHeap.committedAndUsed(server.pid(), false);
                        }
                    }
                    serverCpu.stop();
                    senderCpu.stop();
                    driverCpu.stop();
                    retriesDuring = retries(senders) - retriesBefore;
                }
                Copies.awaitCaughtUp(files, copies, 120_000);
            } finally {
                observer.close();
            }
            long[] live = JvmHeap.committedAndUsed(server.pid(), true);
            Percentiles p = recorder.percentiles();
            r.text("**" + build.name() + "**: " + n + " streams (" + SITES + " sender JVMs of " + n / SITES + " streams each), "
                    + Report.num(s.scaleLinesPerStreamPerSecond()) + " lines/s per stream (" + Report.num(rate)
                    + " lines/s in all), " + s.scaleRun().toSeconds() + " s measured after " + s.scaleWarmup().toSeconds()
                    + " s of warm-up (and before that " + JitWarmup.DURATION.toSeconds() + " s at "
                    + Report.num(JitWarmup.LINES_PER_SECOND) + " lines/s in all); server started with " + MAX_HEAP + ". Threads, open files and RSS are the maxima of"
                    + " one sample a second; heap from jcmd GC.heap_info early in the warm-up (streams at the full rate; jcmd's own JVM and the attach"
                    + " pause stay out of the measured seconds), and after a full GC at the end (live set).\n");
            r.table("measure", "value");
            r.row("lines seen", recorder.seen());
            r.row("latency p50 / p99 / p99.9 / max ms", Report.ms(p.at(50)) + " / " + Report.ms(p.at(99)) + " / "
                    + Report.ms(p.at(99.9)) + " / " + Report.ms(p.max()));
            r.row("lines slower than 50 ms, by second of the measured window (second: lines)",
                    slowLines(recorder.slowLinesBySecond(50_000_000L)));
            r.row("sender streams that had to back off and retry (transport or server failures): in the measured seconds / in all",
                    retriesDuring + " / " + retries(senders));
            r.row("CPU in the measured seconds, cores (of which JIT): server / " + SITES + " senders / benchmark (writer, observer)",
                    cores(serverCpu) + " / " + cores(senderCpu) + " / " + cores(driverCpu));
            r.row("server threads (idle before the run → max)", idleServer.threads() + " → " + maxThreads);
            r.row("server open files (idle → max)", idleServer.openFiles() + " → " + maxFiles);
            r.row("server RSS MiB max", OverheadFigure.mib(maxRss));
            r.row("server heap committed / used MiB (under load)", heapMid == null ? "n/a"
                    : OverheadFigure.mib(heapMid[0]) + " / " + OverheadFigure.mib(heapMid[1]));
            r.row("server heap live MiB (after full GC, streams open)", OverheadFigure.mib(live[1]));
            if (index == 0) {
                r.target(n + " streams: latency p99", p.at(99) / 1e6, 50, false, "ms");
                r.target(n + " streams: server threads", maxThreads, 64, false, "threads");
                r.target(n + " streams: server heap (used under load)", heapMid == null ? live[1] / 1048576.0
                        : heapMid[1] / 1048576.0, 512, false, "MiB");
            }
            for (SenderProcess sender : senders) {
                sender.requestStop();
            }
            for (SenderProcess sender : senders) {
                sender.awaitStopped(180_000);
            }
        } finally {
            senders.forEach(SenderProcess::close);
        }
    }
}
