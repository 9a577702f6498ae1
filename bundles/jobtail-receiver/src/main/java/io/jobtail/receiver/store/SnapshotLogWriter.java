package io.jobtail.receiver.store;

import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;

/**
 * A {@code SNAPSHOT} writer: writes a temporary file of its own beside the log and replaces the
 * log with it only on {@link #complete()}. Until then the log and its state are untouched.
 */
final class SnapshotLogWriter extends LogFileWriter {
    private final OffsetFile snapshot;
    private final String streamId;
    // Guarded by log.
    private String cutReason;
    /** Written under log, read without it by held(). */
    private volatile long held;

    SnapshotLogWriter(LogStore store, LogFile log, OffsetFile snapshot, String streamId) {
        super(store, log);
        this.snapshot = snapshot;
        this.streamId = streamId;
    }

    @Override
    public StreamMode mode() {
        return StreamMode.SNAPSHOT;
    }

    @Override
    public long held() {
        return held;
    }

    @Override
    long appendLocked(long offset, byte[] data, int off, int len) throws IOException {
        try {
            return snapshot.append(offset, data, off, len);
        } catch (QuotaExceededException e) {
            if (cutReason == null) {
                cutReason = e.getMessage();
            }
            throw e;
        } finally {
            held = snapshot.held();
        }
    }

    /** Installs the snapshot on {@link LogStatus#COMPLETE}; any other end discards it and leaves the log as it was. */
    @Override
    void finish(LogStatus status, String reason) throws IOException {
        if (status == LogStatus.COMPLETE) {
            log.installSnapshot(snapshot, cutReason);
        } else {
            log.discardSnapshot(snapshot);
        }
    }

    @Override
    public String toString() {
        return "snapshot writer of " + log.key + " (stream " + streamId + ")";
    }
}
