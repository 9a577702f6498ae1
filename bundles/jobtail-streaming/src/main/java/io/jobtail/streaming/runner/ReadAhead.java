package io.jobtail.streaming.runner;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether and how a sending {@link StreamRunner} reads ahead of its replies: one reader thread
 * per stream (from {@code threads}) keeps producing while a request is in flight, and the next
 * request carries everything read meanwhile, contiguous bytes merged into one DATA message of at
 * most {@code maxBatchBytes}.
 *
 * <p>Why: the protocol is stop-and-wait, so a stream moves at most one message per round trip;
 * on loopback a round trip costs about as much for 1 MiB as for 64 KiB (see BENCHMARKS.md).
 * Batching only what is already read never delays a byte: a lone line still goes out at once,
 * in a message of its own. Offsets and idempotence are unchanged, as a batch is just a larger
 * DATA message. At most {@code maxBatchBytes} are held per stream, read and not yet sent, plus the
 * batch in flight. Immutable.
 */
public record ReadAhead(ThreadFactory threads, int maxBatchBytes) {
    /** The default batch limit: 1 MiB, well under the HTTP transport's 8 MiB body limit. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1 << 20;

    private static final AtomicInteger THREADS = new AtomicInteger();

    public ReadAhead {
        Objects.requireNonNull(threads, "threads");
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive: " + maxBatchBytes);
        }
    }

    /** Daemon reader threads named {@code jobtail-read-ahead-<n>}, batches of at most 1 MiB. */
    public static ReadAhead defaults() {
        return new ReadAhead(r -> {
            Thread t = new Thread(r, "jobtail-read-ahead-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, DEFAULT_MAX_BATCH_BYTES);
    }
}
