package io.jobtail.streaming.runner;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether and how a sending {@link StreamRunner} reads ahead of its replies: one reader thread
 * per stream (from {@code threads}) keeps producing while requests are in flight, and the next
 * request carries everything read meanwhile, contiguous bytes merged into one DATA message of at
 * most {@code maxBatchBytes}. When more data is queued while a DATA message is out, up to
 * {@code maxInFlight} DATA messages of the stream are sent without waiting for each other's
 * replies (the extra ones from threads of {@code threads}, which exist only while a stream has
 * several messages out and end after a few idle seconds).
 *
 * <p>Why: on loopback a round trip costs about as much for 1 MiB as for 64 KiB (see
 * BENCHMARKS.md), so a stream that waits for each reply moves at most one batch per round trip.
 * Batching only what is already read never delays a byte: a lone line still goes out at once,
 * in a message of its own. Offsets and idempotence are unchanged, as a batch is just a larger
 * DATA message; the receiver holds messages that overtake each other within a bounded window
 * ({@link StreamRunner}). Memory: at most {@code maxBatchBytes} are held per stream, read and not
 * yet sent, plus at most {@code maxInFlight} batches in flight. {@code maxInFlight} 1 is
 * stop-and-wait. Immutable.
 */
public record ReadAhead(ThreadFactory threads, int maxBatchBytes, int maxInFlight) {
    /** The default batch limit: 1 MiB, well under the HTTP transport's 8 MiB body limit. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 1 << 20;
    /** The default number of DATA messages a stream keeps in flight: 4. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    /** The most a stream may keep in flight (the receiver's reorder window is sized for it). */
    public static final int MAX_IN_FLIGHT_LIMIT = 16;

    private static final AtomicInteger THREADS = new AtomicInteger();

    public ReadAhead {
        Objects.requireNonNull(threads, "threads");
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive: " + maxBatchBytes);
        }
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and " + MAX_IN_FLIGHT_LIMIT + ": " + maxInFlight);
        }
    }

    /** Stop-and-wait read-ahead: one DATA message in flight per stream. */
    public ReadAhead(ThreadFactory threads, int maxBatchBytes) {
        this(threads, maxBatchBytes, 1);
    }

    /** The same settings with another number of DATA messages in flight. */
    public ReadAhead withMaxInFlight(int n) {
        return new ReadAhead(threads, maxBatchBytes, n);
    }

    /**
     * Daemon threads named {@code jobtail-read-ahead-<n>}, batches of at most 1 MiB, up to
     * {@value #DEFAULT_MAX_IN_FLIGHT} DATA messages in flight per stream.
     */
    public static ReadAhead defaults() {
        return new ReadAhead(r -> {
            Thread t = new Thread(r, "jobtail-read-ahead-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_IN_FLIGHT);
    }
}
