package io.jobtail.receiver;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the log streams a receiver holds open, per site and in all, and refuses a new one past
 * either limit. Each open stream holds a writer (and, for a live log, an open file) until it ends
 * or goes idle, so a site that opens stream after stream (a bug or a stolen token) would otherwise
 * exhaust the server's file descriptors and memory; the per-site limit keeps one site from taking
 * the slots of the others.
 *
 * <p>Thread-safe: every method holds this object's lock, which guards the counts and is never held
 * while waiting for anything else.
 */
final class OpenStreams {
    /** Default for {@code max_open_streams}: enough for a busy server, far below common descriptor limits. */
    static final int DEFAULT_MAX = 4096;
    /** Default for {@code max_open_streams_per_site}. */
    static final int DEFAULT_MAX_PER_SITE = 1024;

    private final int max;
    private final int maxPerSite;
    /** Guarded by this. */
    private int total;
    /** Guarded by this; a site leaves the map when its count drops to 0, so the map stays bounded. */
    private final Map<String, Integer> perSite = new HashMap<>();

    /**
     * @param max        the most streams open at once, all sites together (&gt; 0)
     * @param maxPerSite the most streams one site may hold open at once (&gt; 0)
     */
    OpenStreams(int max, int maxPerSite) {
        if (max <= 0) {
            throw new IllegalArgumentException("max_open_streams must be at least 1, not " + max);
        }
        if (maxPerSite <= 0) {
            throw new IllegalArgumentException("max_open_streams_per_site must be at least 1, not " + maxPerSite);
        }
        this.max = max;
        this.maxPerSite = maxPerSite;
    }

    static OpenStreams defaults() {
        return new OpenStreams(DEFAULT_MAX, DEFAULT_MAX_PER_SITE);
    }

    /**
     * Takes a slot for one more stream of {@code site}.
     *
     * @return null when taken (the caller must {@link #release} it exactly once), else why not,
     *     fit for the refusal's detail
     */
    synchronized String tryAcquire(String site) {
        int ofSite = perSite.getOrDefault(site, 0);
        if (ofSite >= maxPerSite) {
            return "site " + site + " already has " + ofSite + " log streams open, the most one site may hold"
                    + " (max_open_streams_per_site); end or finish one first, or try again later";
        }
        if (total >= max) {
            return "the server already has " + total + " log streams open, the most it holds (max_open_streams);"
                    + " try again later";
        }
        perSite.put(site, ofSite + 1);
        total++;
        return null;
    }

    /** Gives back a slot {@link #tryAcquire} took for {@code site}. */
    synchronized void release(String site) {
        Integer ofSite = perSite.get(site);
        if (ofSite == null) {
            throw new IllegalStateException("no open stream of site " + site + " to release");
        }
        if (ofSite == 1) {
            perSite.remove(site);
        } else {
            perSite.put(site, ofSite - 1);
        }
        total--;
    }

    /** Streams open now, all sites together. */
    synchronized int total() {
        return total;
    }

    /** Streams {@code site} has open now. */
    synchronized int of(String site) {
        return perSite.getOrDefault(site, 0);
    }

    int max() {
        return max;
    }

    int maxPerSite() {
        return maxPerSite;
    }
}
