package io.jobtail.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Linux says about one process at one moment, from {@code /proc/<pid>}: CPU time (user +
 * system), resident memory, threads, open file descriptors, and CPU time per thread name.
 * Immutable.
 */
public record ProcessSample(long pid, long cpuNanos, long rssBytes, int threads, int openFiles,
        Map<String, Long> cpuNanosByThreadPrefix) {
    /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}; 100 on Linux). */
    static final long TICKS_PER_SECOND = 100;

    /**
     * @param threadPrefixes per-thread CPU is summed for threads whose name starts with one of these
     * @throws IOException if the process is gone
     */
    public static ProcessSample of(long pid, List<String> threadPrefixes) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        long cpu = cpuNanos(dir.resolve("stat"));
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(dir.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).strip());
            }
        }
        int fds = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path ignored : s) {
                fds++;
            }
        }
        Map<String, Long> byPrefix = new LinkedHashMap<>();
        if (!threadPrefixes.isEmpty()) {
            threadPrefixes.forEach(p -> byPrefix.put(p, 0L));
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm")).strip();
                        for (String p : threadPrefixes) {
                            if (name.startsWith(p)) {
                                byPrefix.merge(p, cpuNanos(task.resolve("stat")), Long::sum);
                                break;
                            }
                        }
                    } catch (NoSuchFileException e) {
                        // the thread ended meanwhile
                    }
                }
            }
        }
        return new ProcessSample(pid, cpu, rss, threads, fds, Map.copyOf(byPrefix));
    }

    /** utime + stime (fields 14 and 15), after the command name, which may hold spaces. */
    static long cpuNanos(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Sum of several processes (a baseline pipeline), thread breakdown dropped. */
    public static ProcessSample sum(List<ProcessSample> parts) {
        long cpu = 0;
        long rss = 0;
        int threads = 0;
        int fds = 0;
        for (ProcessSample p : parts) {
            cpu += p.cpuNanos;
            rss += p.rssBytes;
            threads += p.threads;
            fds += p.openFiles;
        }
        return new ProcessSample(-1, cpu, rss, threads, fds, Map.of());
    }
}
