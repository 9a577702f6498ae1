package io.jobtail.bench.measure;

import java.util.Arrays;

/**
 * Collects append-to-visible latencies: {@link #record} is told when a line was written (its
 * embedded {@link System#nanoTime()}) and when it was seen; lines written before the warm-up ended
 * are counted but not kept. Not thread-safe: the observer thread records, the caller reads after
 * that thread has stopped.
 */
public final class LatencyRecorder {
    private final long keepFromNanos;
    private long[] samples = new long[1024];
    private int kept;
    private long seen;

    /** @param keepFromNanos lines written before this {@code nanoTime} are warm-up */
    public LatencyRecorder(long keepFromNanos) {
        this.keepFromNanos = keepFromNanos;
    }

    public void record(long writtenNanos, long seenNanos) {
        seen++;
        if (writtenNanos < keepFromNanos) {
            return;
        }
        if (kept == samples.length) {
            samples = Arrays.copyOf(samples, kept * 2);
        }
        samples[kept++] = seenNanos - writtenNanos;
    }

    /** Every line seen, warm-up included. */
    public long seen() {
        return seen;
    }

    public Percentiles percentiles() {
        return new Percentiles(samples, kept);
    }
}
