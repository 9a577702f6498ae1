package io.jobtail.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of another JVM, read with {@code jcmd <pid> GC.heap_info} (after {@code GC.run} when
 * the live set is wanted). Only for JVMs of the same user on this machine.
 */
public final class JvmHeap {
    private static final Pattern TOTAL_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private JvmHeap() {
    }

    /** @return {committed, used} bytes of the heap, from G1's or the serial/parallel collector's summary */
    public static long[] committedAndUsed(long pid, boolean fullGcFirst) throws IOException, InterruptedException {
        if (fullGcFirst) {
            jcmd(pid, "GC.run");
        }
        String out = jcmd(pid, "GC.heap_info");
        Matcher m = TOTAL_USED.matcher(out);
        long committed = 0;
        long used = 0;
        while (m.find()) { // G1 prints one total line; older collectors one per generation
            committed += Long.parseLong(m.group(1)) * 1024;
            used += Long.parseLong(m.group(2)) * 1024;
        }
        if (committed == 0) {
            throw new IOException("cannot read the heap of pid " + pid + " from jcmd: " + out);
        }
        return new long[] {committed, used};
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("jcmd " + pid + " " + command + " did not finish in 60 s");
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }
}
