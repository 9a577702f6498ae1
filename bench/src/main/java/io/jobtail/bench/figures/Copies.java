package io.jobtail.bench.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Waiting for copies to catch up with their originals, bounded. */
final class Copies {
    private Copies() {
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0; // not created yet
        }
    }

    /**
     * Waits until every copy is as long as {@code expected[i]}, checking every {@code stepMillis}.
     *
     * @return the {@code nanoTime} at which the last one got there
     * @throws IOException naming the first copy still short when {@code maxMillis} passed
     */
    static long awaitSizes(List<Path> copies, long[] expected, long maxMillis, long stepMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        while (true) {
            int short_ = -1;
            for (int i = 0; i < copies.size(); i++) {
                if (size(copies.get(i)) < expected[i]) {
                    short_ = i;
                    break;
                }
            }
            long now = System.nanoTime();
            if (short_ < 0) {
                return now;
            }
            if (now > deadline) {
                throw new IOException("copy " + copies.get(short_) + " holds " + size(copies.get(short_)) + " of "
                        + expected[short_] + " bytes after " + maxMillis + " ms");
            }
            Thread.sleep(stepMillis);
        }
    }

    /** Waits until each copy is as long as its original is now. */
    static void awaitCaughtUp(List<Path> originals, List<Path> copies, long maxMillis) throws IOException, InterruptedException {
        long[] expected = new long[originals.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = size(originals.get(i));
        }
        awaitSizes(copies, expected, maxMillis, 5);
    }

    /** Fails naming the first differing byte unless the copy equals the original. */
    static void requireIdentical(Path original, Path copy) throws IOException {
        long at = Files.mismatch(original, copy);
        if (at != -1) {
            throw new IOException("copy " + copy + " differs from " + original + " at byte " + at + " (sizes "
                    + size(original) + " and " + size(copy) + ")");
        }
    }
}
