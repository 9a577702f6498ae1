package io.jobtail.itests.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link LogWriterJob} wrote (its {@code .written} reference), compared line by line with the
 * server's copy: which sequence numbers the copy lacks (as runs), and whether any line is
 * duplicated, reordered or altered. Immutable.
 */
record WrittenLog(byte[] written, byte[] copy, List<long[]> missingRuns, String damage) {

    /** Reads both files and compares them. */
    static WrittenLog compare(Path written, Path copy) throws IOException {
        byte[] w = Files.readAllBytes(written);
        byte[] c = Files.exists(copy) ? Files.readAllBytes(copy) : new byte[0];
        List<String> expected = lines(w);
        List<String> actual = lines(c);
        List<long[]> missing = new ArrayList<>();
        String damage = null;
        int i = 0;
        for (int j = 0; j < actual.size() && damage == null; j++) {
            String line = actual.get(j);
            long seq = seq(line);
            long firstMissing = -1;
            while (i < expected.size() && seq(expected.get(i)) < seq) {
                if (firstMissing < 0) {
                    firstMissing = seq(expected.get(i));
                }
                i++;
            }
            if (firstMissing >= 0) {
                missing.add(new long[] {firstMissing, seq - 1});
            }
            if (i >= expected.size() || !expected.get(i).equals(line)) {
                damage = "line " + (j + 1) + " of the copy (" + abbreviate(line) + ") is duplicated, reordered or altered";
            }
            i++;
        }
        if (damage == null && i < expected.size()) {
            missing.add(new long[] {seq(expected.get(i)), seq(expected.get(expected.size() - 1))});
        }
        return new WrittenLog(w, c, missing, damage);
    }

    boolean identical() {
        return Arrays.equals(written, copy);
    }

    long missingLines() {
        return missingRuns.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
    }

    /** A one-line account for assertion messages. */
    String detail() {
        StringBuilder b = new StringBuilder("written " + written.length + " bytes, copy " + copy.length + " bytes");
        if (damage != null) {
            b.append("; ").append(damage);
        }
        if (!missingRuns.isEmpty()) {
            b.append("; ").append(missingLines()).append(" line(s) missing in ").append(missingRuns.size()).append(" run(s), first ");
            missingRuns.stream().limit(5).forEach(r -> b.append('[').append(r[0]).append('-').append(r[1]).append(']'));
        }
        if (!identical() && damage == null && missingRuns.isEmpty()) {
            b.append("; first difference at byte ").append(Arrays.mismatch(written, copy));
        }
        return b.toString();
    }

    static long seq(String line) {
        try {
            return Long.parseLong(line.substring(0, 8));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static long micros(String line) {
        return Long.parseLong(line.substring(9, 21));
    }

    /** The lines of {@code bytes}, each with its newline; a last unterminated line too. */
    static List<String> lines(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.US_ASCII);
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines;
    }

    private static String abbreviate(String line) {
        String s = line.strip();
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
