package io.jobtail.streaming.tail;

import io.jobtail.streaming.testing.FakeTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A writer that rotates its log the ways real ones do — logback's fixed window ({@code .1} newest,
 * shifted up, the oldest deleted), an ascending series ({@code .r1}, {@code .r2}, ..., only the
 * last few kept), delete and recreate, copy and truncate — and remembers every byte it wrote, in
 * order. Each write advances the fake clock by a millisecond and stamps the file with it, so last
 * modified times are as distinct and ordered as a real writer's, deterministically.
 */
final class RotatingLog {
    private final Path file;
    private final FakeTime time;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int lines;
    private int ascending;
    private boolean stampTime = true;

    RotatingLog(Path file, FakeTime time) {
        this.file = file;
        this.time = time;
    }

    /** From now on every write gets the same last-modified time (a coarse file-system clock). */
    RotatingLog coarseClock() {
        stampTime = false;
        return this;
    }

    /** Appends {@code n} numbered lines to the file under the name (creating it if needed). */
    RotatingLog lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%06d generation line %s%n", ++lines, "x".repeat(lines % 7)));
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (stampTime) {
                time.advance(Duration.ofMillis(1));
            }
            Files.setLastModifiedTime(file, FileTime.from(time.nanos(), TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.writeBytes(bytes);
        return this;
    }

    /** logback's FixedWindowRollingPolicy: {@code .maxIndex} deleted, {@code .i} renamed {@code .i+1}, the log renamed {@code .1}. */
    RotatingLog rotateFixedWindow(int maxIndex) {
        try {
            Files.deleteIfExists(sibling(String.valueOf(maxIndex)));
            for (int i = maxIndex - 1; i >= 1; i--) {
                if (Files.exists(sibling(String.valueOf(i)))) {
                    Files.move(sibling(String.valueOf(i)), sibling(String.valueOf(i + 1)), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.move(file, sibling("1"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Renamed to {@code .r<n>} with n counting up; only the last {@code keep} rotated files are kept. */
    RotatingLog rotateAscending(int keep) {
        try {
            ascending++;
            Files.move(file, sibling("r" + ascending), StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(sibling("r" + (ascending - keep)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Deletes the log; the next write creates a new file (which may get the freed inode). */
    RotatingLog delete() {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** logrotate's copytruncate: copied to {@code name.suffix}, then emptied in place. */
    RotatingLog copyTruncate(String suffix) {
        try {
            Files.copy(file, sibling(suffix), StandardCopyOption.COPY_ATTRIBUTES);
            Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path sibling(String suffix) {
        return file.resolveSibling(file.getFileName() + "." + suffix);
    }

    byte[] written() {
        return written.toByteArray();
    }

    Path file() {
        return file;
    }
}
