package io.jobtail.bench.measure;

import java.nio.charset.StandardCharsets;

/**
 * The line the latency writers append: {@code "<seq> <nanoTime> xxxx…\n"}, padded to a fixed
 * length so every rate moves the same bytes per line. The writer and the observer run in the same
 * JVM, so their {@link System#nanoTime()} values compare.
 */
public final class TimedLine {
    /** Bytes per line, newline included: a typical log line. */
    public static final int LENGTH = 120;

    private TimedLine() {
    }

    public static byte[] format(long seq, long nanos) {
        String head = seq + " " + nanos + " ";
        if (head.length() >= LENGTH) {
            throw new IllegalArgumentException("line head too long: " + head);
        }
        byte[] line = new byte[LENGTH];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, line, 0, h.length);
        for (int i = h.length; i < LENGTH - 1; i++) {
            line[i] = 'x';
        }
        line[LENGTH - 1] = '\n';
        return line;
    }

    /**
     * The {@code nanoTime} of the line in {@code buf[from, to)} (no newline), or -1 if it is not a
     * timed line.
     */
    public static long nanosOf(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && buf[i] != ' ') {
            i++;
        }
        i++;
        long v = 0;
        int digits = 0;
        boolean negative = i < to && buf[i] == '-';
        if (negative) {
            i++;
        }
        while (i < to && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10 + (buf[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || i >= to || buf[i] != ' ') {
            return -1;
        }
        return negative ? -v : v;
    }
}
