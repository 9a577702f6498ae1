package io.jobtail.bench.figures;

import io.jobtail.bench.measure.CopyObserver;
import io.jobtail.bench.measure.LatencyRecorder;
import io.jobtail.bench.measure.PacedLineWriter;
import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.proc.JvmHeap;
import io.jobtail.bench.proc.ProcessSample;
import io.jobtail.bench.system.SenderProcess;
import io.jobtail.bench.system.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 4: many concurrent streams into one server (a fresh one, its heap capped at 512 MiB):
 * append-to-visible p99 over all of them, and the server's heap, threads and open files. The
 * streams come from four sender JVMs (four sites), each job's log in its own directory as on a
 * real site.
 */
final class ScaleFigure {
    static final int SITES = 4;
    static final String MAX_HEAP = "-Xmx512m";

    private ScaleFigure() {
    }

    static void run(Bench b) throws Exception {
        Report r = b.report();
        Sizes s = b.sizes();
        int n = s.scaleStreams();
        double rate = n * s.scaleLinesPerStreamPerSecond();
        r.section("4. Scale: " + n + " concurrent streams into one server");
        List<String> sites = new ArrayList<>();
        for (int i = 1; i <= SITES; i++) {
            sites.add("scale-" + i);
        }
        Path root = b.work().resolve("scale");
        List<SenderProcess> senders = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(root, sites, List.of(MAX_HEAP))) {
            ProcessSample idleServer = ProcessSample.of(server.pid(), List.of());
            List<Path> files = new ArrayList<>();
            List<Path> copies = new ArrayList<>();
            for (int si = 0; si < SITES; si++) {
                List<String> jobs = new ArrayList<>();
                for (int j = si; j < n; j += SITES) {
                    jobs.add(String.format("scale-%04d", j));
                }
                SenderProcess sender = SenderProcess.start(server, sites.get(si), root.resolve(sites.get(si)), jobs, b.chunkSize());
                senders.add(sender);
                for (String job : jobs) {
                    files.add(sender.log(job));
                    copies.add(server.copy(job, sites.get(si), "log.txt"));
                }
            }
            LatencyRecorder recorder = new LatencyRecorder(System.nanoTime() + s.scaleWarmup().toNanos());
            int maxThreads = 0;
            int maxFiles = 0;
            long maxRss = 0;
            long[] heapMid;
            CopyObserver observer = new CopyObserver(recorder);
            try {
                copies.forEach(observer::follow);
                try (PacedLineWriter writer = new PacedLineWriter(files, rate)) {
                    long end = System.nanoTime() + s.scaleWarmup().toNanos() + s.scaleRun().toNanos();
                    long mid = System.nanoTime() + s.scaleWarmup().toNanos() + s.scaleRun().toNanos() / 2;
                    heapMid = null;
                    while (System.nanoTime() < end) {
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
                }
                Copies.awaitCaughtUp(files, copies, 120_000);
            } finally {
                observer.close();
            }
            long[] live = JvmHeap.committedAndUsed(server.pid(), true);
            Percentiles p = recorder.percentiles();
            r.text(n + " streams (" + SITES + " sender JVMs of " + n / SITES + " streams each), "
                    + Report.num(s.scaleLinesPerStreamPerSecond()) + " lines/s per stream (" + Report.num(rate)
                    + " lines/s in all), " + s.scaleRun().toSeconds() + " s measured after " + s.scaleWarmup().toSeconds()
                    + " s of warm-up; server started with " + MAX_HEAP + ". Threads, open files and RSS are the maxima of"
                    + " one sample a second; heap from jcmd GC.heap_info mid-run, and after a full GC at the end (live set).\n");
            r.table("measure", "value");
            r.row("lines seen", recorder.seen());
            r.row("latency p50 / p99 / p99.9 / max ms", Report.ms(p.at(50)) + " / " + Report.ms(p.at(99)) + " / "
                    + Report.ms(p.at(99.9)) + " / " + Report.ms(p.max()));
            r.row("server threads (idle before the run → max)", idleServer.threads() + " → " + maxThreads);
            r.row("server open files (idle → max)", idleServer.openFiles() + " → " + maxFiles);
            r.row("server RSS MiB max", OverheadFigure.mib(maxRss));
            r.row("server heap committed / used MiB (mid-run)", heapMid == null ? "n/a"
                    : OverheadFigure.mib(heapMid[0]) + " / " + OverheadFigure.mib(heapMid[1]));
            r.row("server heap live MiB (after full GC, streams open)", OverheadFigure.mib(live[1]));
            r.target(n + " streams: latency p99", p.at(99) / 1e6, 50, false, "ms");
            r.target(n + " streams: server threads", maxThreads, 64, false, "threads");
            r.target(n + " streams: server heap (used mid-run)", heapMid == null ? live[1] / 1048576.0 : heapMid[1] / 1048576.0,
                    512, false, "MiB");
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
