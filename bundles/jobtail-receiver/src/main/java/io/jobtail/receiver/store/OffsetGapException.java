package io.jobtail.receiver.store;

import java.io.IOException;

/**
 * Bytes offered at an offset past what the store holds: accepting them would leave a hole, so
 * nothing was written. The sender should resend from {@link #held()} (the protocol's
 * {@code OFFSET_MISMATCH} reply).
 */
public final class OffsetGapException extends IOException {
    private final long offset;
    private final long held;

    OffsetGapException(long offset, long held, String what) {
        super("offset " + offset + " is past the " + held + " bytes held for " + what
                + "; nothing written, resend from " + held);
        this.offset = offset;
        this.held = held;
    }

    /** The offset the refused bytes started at. */
    public long offset() {
        return offset;
    }

    /** The bytes the store holds: where the sender must resume. */
    public long held() {
        return held;
    }
}
