package io.jobtail.bench.measure;

import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects append-to-visible latencies: {@link #record} is told when a line was written (its
 * embedded {@link System#nanoTime()}) and when it was seen; lines written before the warm-up ended
 * are counted but not kept. Not thread-safe: the observer thread records, the caller reads after
 * that thread has stopped.
 */
public final class LatencyRecorder {
    private final long keepFromNanos;
    private long[] samples = new long[1024];
    /** When each kept sample's line was written, nanoseconds after the warm-up ended. */
    private long[] writtenAt = new long[1024];
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
            writtenAt = Arrays.copyOf(writtenAt, kept * 2);
        }
        writtenAt[kept] = writtenNanos - keepFromNanos;
        samples[kept++] = seenNanos - writtenNanos;
    }

    /** Every line seen, warm-up included. */
    public long seen() {
        return seen;
    }

    /**
     * How many kept lines took longer than {@code thresholdNanos}, by the second (after the
     * warm-up) they were written in, in order of the second. Why: a tail that comes in one burst
     * has one cause at one moment (a pause, a storm of writes), one spread evenly is the load.
     */
    public SortedMap<Long, Integer> slowLinesBySecond(long thresholdNanos) {
        SortedMap<Long, Integer> bySecond = new TreeMap<>();
        for (int i = 0; i < kept; i++) {
            if (samples[i] > thresholdNanos) {
                bySecond.merge(writtenAt[i] / 1_000_000_000L, 1, Integer::sum);
            }
        }
        return bySecond;
    }

    public Percentiles percentiles() {
        return new Percentiles(samples, kept);
    }
}
