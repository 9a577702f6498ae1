package io.jobtail.receiver;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Remembers which (site, job) pairs were already reported as not allowed to stream, so the error
 * is logged once per pair, not once per chunk. Bounded: the oldest pair is forgotten first.
 * Thread-safe.
 */
final class UnauthorizedSites {
    static final int CAPACITY = 4096;

    /** Guarded by this. */
    private final Set<String> seen = new LinkedHashSet<>();

    /** True the first time a pair is seen (so the caller should log). */
    synchronized boolean firstTime(String site, String jobId) {
        String key = site + '\u0000' + jobId;
        if (seen.contains(key)) {
            return false;
        }
        seen.add(key);
        if (seen.size() > CAPACITY) {
            seen.remove(seen.iterator().next());
        }
        return true;
    }
}
