package io.jobtail.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a running JVM on this machine holds, read from outside: open file descriptors and threads
 * from {@code /proc/<pid>} (Linux), and heap in use after a full GC through {@code jcmd}. For leak
 * tests that compare two moments of a long-lived process. Stateless.
 */
public final class ProcessProbe {
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final long JCMD_SECONDS = 30;

    private ProcessProbe() {
    }

    /** What one look at a process found. */
    public record Usage(long openFiles, long threads, long heapUsedKb) {
        @Override
        public String toString() {
            return openFiles + " fds, " + threads + " threads, " + heapUsedKb + " KB heap used after GC";
        }
    }

    /** Open fds, threads and heap after a full GC of the JVM {@code pid}. */
    public static Usage usage(long pid) throws IOException, InterruptedException {
        long heap = heapUsedAfterGcKb(pid);
        return new Usage(openFiles(pid), threads(pid), heap);
    }

    /** The number of entries in {@code /proc/<pid>/fd}. */
    public static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** {@code Threads:} of {@code /proc/<pid>/status}. */
    public static long threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).strip());
            }
        }
        throw new IOException("no Threads: line in /proc/" + pid + "/status");
    }

    /**
     * CPU seconds (user + system) used by the children {@code pid} has waited for ({@code cutime}
     * and {@code cstime} of {@code /proc/<pid>/stat}): for a site, what its finished job processes cost.
     */
    public static double waitedChildrenCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // fields after the command name, which is in parentheses and may contain spaces
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime: fields 16 and 17
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /**
     * Runs {@code jcmd <pid> GC.run}, then reads the heap in use from {@code GC.heap_info} (its first
     * {@code total …K, used …K}: the whole heap for G1, Serial and Parallel).
     */
    public static long heapUsedAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IOException("jcmd " + pid + " GC.heap_info printed no \"total …K, used …K\":\n" + info);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command));
        Path out = Files.createTempFile("jcmd-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not end within " + JCMD_SECONDS + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
