package io.jobtail.bench.measure;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends {@link TimedLine}s at a fixed total rate, round-robin over its files, one
 * {@code write(2)} per line (a logger that flushes every line), on a thread of its own.
 * If it falls behind schedule it writes the late lines at once rather than skipping them.
 * {@link #close()} stops it and closes the files.
 */
public final class PacedLineWriter implements AutoCloseable {
    private final List<FileOutputStream> outs = new ArrayList<>();
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long written;
    private volatile IOException failure;

    public PacedLineWriter(List<Path> files, double linesPerSecond) throws IOException {
        if (!(linesPerSecond > 0)) {
            throw new IllegalArgumentException("linesPerSecond must be positive: " + linesPerSecond);
        }
        for (Path f : files) {
            Files.createDirectories(f.getParent());
            outs.add(new FileOutputStream(f.toFile(), true));
        }
        this.periodNanos = (long) (1e9 / linesPerSecond);
        this.thread = new Thread(this::run, "paced-line-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long seq = 0;
        try {
            while (!stopping) {
                long due = start + seq * periodNanos;
                long now = System.nanoTime();
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                FileOutputStream out = outs.get((int) (seq % outs.size()));
                out.write(TimedLine.format(seq, System.nanoTime()));
                seq++;
                written = seq;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Lines written so far. */
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopping = true;
        thread.join(10_000);
        for (FileOutputStream o : outs) {
            o.close();
        }
        if (failure != null) {
            throw new IOException("writing the timed lines failed", failure);
        }
    }
}
