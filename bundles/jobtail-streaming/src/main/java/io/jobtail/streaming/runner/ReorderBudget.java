package io.jobtail.streaming.runner;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of DATA that arrived ahead of what a receiver holds it may keep until the gap
 * before them fills: at most {@code perStream} per stream and {@code total} over all streams of
 * one {@link StreamRunner}. A chunk that does not fit is refused with {@code OFFSET_MISMATCH}
 * (as every chunk past the held offset was before messages could overtake each other), so the
 * sender resends it; nothing ever waits for room.
 *
 * <p>Why bounded twice: a sender keeps at most a few batches in flight ({@link ReadAhead}), so a
 * stream needs only that much, and the total caps the memory a receiver with 1,000 streams can
 * spend on parked chunks whatever the senders do. Thread-safe; {@link #tryReserve} and
 * {@link #release} never block.
 */
final class ReorderBudget {
    /** Per stream: room for {@link ReadAhead#DEFAULT_MAX_IN_FLIGHT} batches of the default size and then some. */
    static final long DEFAULT_PER_STREAM = 8L << 20;
    /** Over all streams of a runner. */
    static final long DEFAULT_TOTAL = 64L << 20;

    private final long perStream;
    private final long total;
    private final AtomicLong used = new AtomicLong();

    ReorderBudget(long perStream, long total) {
        if (perStream < 0 || total < 0) {
            throw new IllegalArgumentException("reorder limits must not be negative: " + perStream + " per stream, " + total + " in total");
        }
        this.perStream = perStream;
        this.total = total;
    }

    static ReorderBudget defaults() {
        return new ReorderBudget(DEFAULT_PER_STREAM, DEFAULT_TOTAL);
    }

    long perStream() {
        return perStream;
    }

    /** Takes {@code bytes} from the total if they fit; false (and nothing taken) if not. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > total) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes parked over all streams now. */
    long used() {
        return used.get();
    }
}
