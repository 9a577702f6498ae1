package io.jobtail.bench.figures;

import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.ServerProcess;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the end-to-end figures and writes their markdown report:
 * {@code BenchMain --sizes quick|full --work DIR --out FILE [--only latency,stages,throughput,overhead,scale] [--chunk-size N]
 * [--server-opt JVM-OPTION]... [--before-classpath CP] [--scale-streams N]}; with a before class path the latency and
 * scale figures also run that build, interleaved with this one ({@link Build}).
 * Everything it starts is on loopback and stopped before it returns, also on failure.
 */
public final class BenchMain {
    static final List<String> FIGURES = List.of("latency", "stages", "throughput", "overhead", "scale");

    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Sizes sizes = Sizes.QUICK;
        Path work = null;
        int scaleStreams = 0;
        Path out = null;
        int chunkSize = 0;
        List<String> serverOptions = new ArrayList<>();
        List<Build> builds = new ArrayList<>(List.of(Build.checkout()));
        Set<String> only = new LinkedHashSet<>(FIGURES);
        for (int i = 0; i < argv.length; i++) {
            String v = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--sizes" -> sizes = switch (String.valueOf(v)) {
                    case "quick" -> Sizes.QUICK;
                    case "full" -> Sizes.FULL;
                    default -> throw new IllegalArgumentException("--sizes must be quick or full, not " + v);
                };
                case "--work" -> work = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--chunk-size" -> chunkSize = Integer.parseInt(v);
                case "--server-opt" -> serverOptions.add(v);
                case "--scale-streams" -> scaleStreams = Integer.parseInt(v);
                case "--before-classpath" -> builds.add(new Build("before", v));
                case "--only" -> {
                    only = new LinkedHashSet<>(Arrays.asList(v.split(",")));
                    if (!FIGURES.containsAll(only)) {
                        throw new IllegalArgumentException("--only takes some of " + FIGURES + ", not " + v);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
            i++;
        }
        if (scaleStreams > 0) {
            sizes = sizes.withScaleStreams(scaleStreams);
        }
        if (work == null || out == null) {
            throw new IllegalArgumentException("usage: BenchMain --sizes quick|full --work DIR --out FILE [--only ...]");
        }
        BaselinePipe.requireTools();
        Files.createDirectories(work);
        Report report = new Report();
        long started = System.nanoTime();
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (int i = 0; i < builds.size(); i++) {
                servers.add(ServerProcess.start(work.resolve(i == 0 ? "server" : "server-" + i), List.of(Bench.SITE), jobs(sizes),
                        serverOptions, builds.get(i)));
            }
            Bench b = new Bench(sizes, work, List.copyOf(servers), chunkSize, List.copyOf(serverOptions), List.copyOf(builds),
                    report);
            for (String figure : only) {
                long t = System.nanoTime();
                System.err.println("[bench] " + figure + " ...");
                switch (figure) {
                    case "latency" -> LatencyFigure.run(b);
                    case "stages" -> StagesFigure.run(b);
                    case "throughput" -> ThroughputFigure.run(b);
                    case "overhead" -> OverheadFigure.run(b);
                    default -> ScaleFigure.run(b);
                }
                System.err.printf("[bench] %s done in %.0f s%n", figure, (System.nanoTime() - t) / 1e9);
            }
        } finally {
            servers.forEach(ServerProcess::close);
        }
        String header = "# Jobtail benchmark report (" + sizes.name() + ")\n\n"
                + "- when: " + Instant.now() + ", " + Math.round((System.nanoTime() - started) / 1e9) + " s\n"
                + "- machine: " + InetAddress.getLocalHost().getHostName() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + memTotal() + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- load average at the end: " + loadAverage() + " (the machine is shared; compare ratios, not absolutes)\n"
                + "- sender chunk size: " + (chunkSize == 0 ? "the streamer's default" : chunkSize + " bytes") + "\n"
                + "- extra server JVM options: " + (serverOptions.isEmpty() ? "none" : String.join(" ", serverOptions)) + "\n";
        Files.writeString(out, report.markdown(header), StandardCharsets.UTF_8);
    }

    /** Every job the figures sharing the run's server stream into. */
    private static List<String> jobs(Sizes sizes) {
        List<String> jobs = new ArrayList<>(LatencyFigure.jobs());
        jobs.addAll(ThroughputFigure.jobs());
        jobs.addAll(OverheadFigure.jobs(sizes));
        return jobs;
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1048576.0) + " GiB RAM";
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "? RAM";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
