package io.jobtail.receiver.store;

import java.io.IOException;

/**
 * The log reached the store's per-log quota: the bytes up to the quota were written, the rest
 * were dropped and the log's state says {@code cut}. Sending more will not help (the protocol's
 * {@code QUOTA_EXCEEDED} reply): every later byte past the quota is refused the same way.
 */
public final class QuotaExceededException extends IOException {
    private final long held;
    private final long quota;

    QuotaExceededException(long held, long quota, String what) {
        super(what + " reached the quota of " + quota + " bytes per log; later bytes are dropped");
        this.held = held;
        this.quota = quota;
    }

    /** The bytes held after the cut (the quota, unless the log was already longer). */
    public long held() {
        return held;
    }

    /** The store's per-log quota in bytes. */
    public long quota() {
        return quota;
    }
}
