package io.jobtail.streaming.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a log the way a job does (append, rotate by rename, truncate in place) and remembers
 * every byte it wrote, in order, so a test can compare the receiver's copy with it.
 */
public final class GrowingLog {
    private final Path file;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int lines;
    private int rotations;

    public GrowingLog(Path file) {
        this.file = file;
    }

    /** Appends {@code n} numbered lines. */
    public GrowingLog lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("2026-11-21 10:00:00,").append(String.format("%03d", lines % 1000))
                    .append(" - job - INFO - line ").append(++lines).append(" äöü\n");
        }
        return append(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public GrowingLog append(byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.writeBytes(bytes);
        return this;
    }

    /** Renames the log to {@code <name>.<n>}; the next write creates a new file. */
    public GrowingLog rotate() {
        try {
            Files.move(file, file.resolveSibling(file.getFileName() + "." + (++rotations)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Empties the file in place; bytes written before stay in {@link #written()}. */
    public GrowingLog truncate() {
        try {
            Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] written() {
        return written.toByteArray();
    }

    public Path file() {
        return file;
    }
}
