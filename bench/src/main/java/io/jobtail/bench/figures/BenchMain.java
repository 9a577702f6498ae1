package io.jobtail.bench.figures;

import io.jobtail.bench.system.BaselinePipe;
import io.jobtail.bench.system.ServerProcess;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the end-to-end figures and writes their markdown report:
 * {@code BenchMain --sizes quick|full --work DIR --out FILE [--only latency,throughput,overhead,scale] [--chunk-size N]}.
 * Everything it starts is on loopback and stopped before it returns, also on failure.
 */
public final class BenchMain {
    static final List<String> FIGURES = List.of("latency", "throughput", "overhead", "scale");

    private BenchMain() {
    }

    public static void main(String[] argv) throws Exception {
        Sizes sizes = Sizes.QUICK;
        Path work = null;
        Path out = null;
        int chunkSize = 0;
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
        if (work == null || out == null) {
            throw new IllegalArgumentException("usage: BenchMain --sizes quick|full --work DIR --out FILE [--only ...]");
        }
        BaselinePipe.requireTools();
        Files.createDirectories(work);
        Report report = new Report();
        long started = System.nanoTime();
        try (ServerProcess server = ServerProcess.start(work.resolve("server"), List.of(Bench.SITE), List.of())) {
            Bench b = new Bench(sizes, work, server, chunkSize, report);
            for (String figure : only) {
                long t = System.nanoTime();
                System.err.println("[bench] " + figure + " ...");
                switch (figure) {
                    case "latency" -> LatencyFigure.run(b);
                    case "throughput" -> ThroughputFigure.run(b);
                    case "overhead" -> OverheadFigure.run(b);
                    default -> ScaleFigure.run(b);
                }
                System.err.printf("[bench] %s done in %.0f s%n", figure, (System.nanoTime() - t) / 1e9);
            }
        }
        String header = "# Jobtail benchmark report (" + sizes.name() + ")\n\n"
                + "- when: " + Instant.now() + ", " + Math.round((System.nanoTime() - started) / 1e9) + " s\n"
                + "- machine: " + InetAddress.getLocalHost().getHostName() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + memTotal() + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- load average at the end: " + loadAverage() + " (the machine is shared; compare ratios, not absolutes)\n"
                + "- sender chunk size: " + (chunkSize == 0 ? "the streamer's default" : chunkSize + " bytes") + "\n";
        Files.writeString(out, report.markdown(header), StandardCharsets.UTF_8);
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
