package io.jobtail.bench.measure;

import java.util.Arrays;

/**
 * Percentiles of a set of samples (nearest-rank: the smallest sample with at least p of the
 * samples at or below it). Immutable once built; the samples are copied and sorted.
 */
public final class Percentiles {
    private final long[] sorted;

    public Percentiles(long[] samples, int count) {
        if (count < 0 || count > samples.length) {
            throw new IllegalArgumentException("count " + count + " not within the " + samples.length + " samples");
        }
        this.sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /**
     * @param p in (0, 100]
     * @throws IllegalStateException when there are no samples
     */
    public long at(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile not in (0, 100]: " + p);
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public long max() {
        return at(100);
    }
}
