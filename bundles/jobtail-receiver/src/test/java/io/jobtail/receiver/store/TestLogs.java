package io.jobtail.receiver.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Source bytes and looks at the disk, shared by the store's tests. */
final class TestLogs {
    static final String JOB = "job-1";
    static final String SITE = "site-1";
    static final String FILE = "log.txt";

    private TestLogs() {
    }

    /** {@code n} bytes of numbered log lines, so a misplaced or repeated byte shows. */
    static byte[] source(int n) {
        StringBuilder sb = new StringBuilder(n + 32);
        for (int line = 0; sb.length() < n; line++) {
            sb.append("2026-01-02 03:04:05 INFO line ").append(line).append('\n');
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Path dataFile(Path root) {
        return root.resolve(JOB).resolve(SITE).resolve(FILE);
    }

    static Path stateFile(Path root) {
        return root.resolve(JOB).resolve(SITE).resolve(FILE + ".state.json");
    }

    static byte[] data(Path root) throws IOException {
        return Files.readAllBytes(dataFile(root));
    }

    static String stateText(Path root) throws IOException {
        return Files.readString(stateFile(root));
    }

    static LogState state(LogStore store) throws IOException {
        return store.state(JOB, SITE, FILE).orElseThrow();
    }

    /** Appends {@code data} whole at {@code offset}. */
    static long append(LogWriter writer, long offset, byte[] data) throws IOException {
        return writer.append(offset, data, 0, data.length);
    }

    /** Appends {@code source[from, to)} at offset {@code from}. */
    static long appendRange(LogWriter writer, byte[] source, int from, int to) throws IOException {
        return writer.append(from, source, from, to - from);
    }

    /** Every file and directory under {@code dir}, relative, sorted. */
    static List<String> tree(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
