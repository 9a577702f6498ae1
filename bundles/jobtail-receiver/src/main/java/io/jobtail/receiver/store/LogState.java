package io.jobtail.receiver.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code <file>.state.json} says about a log.
 *
 * <p>While a log is {@link LogStatus#STREAMING} the state file is rewritten at most about once a
 * second, so {@link #bytes()} may lag the data file by up to a second of appends; the data file's
 * length is the truth. On every status change the state is written at once.
 *
 * @param status  where the log stands
 * @param bytes   the log's length when the state was written
 * @param updated when the state was written (from the store's clock)
 * @param reason  why the log ended as it did or why it was cut, for people; null when there is
 *                nothing to say
 * @param cut     true if the log reached the store's per-log quota and later bytes were dropped
 */
public record LogState(LogStatus status, long bytes, Instant updated, String reason, boolean cut) {
    public LogState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updated, "updated");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
    }
}
