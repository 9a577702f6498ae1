package io.jobtail.receiver.store;

import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;
import java.util.Objects;

/**
 * A {@code SNAPSHOT} writer: writes a temporary file of its own beside the log and replaces the
 * log with it only on {@link #complete()}. Until then the log and its state are untouched.
 */
final class SnapshotLogWriter implements LogWriter {
    private final LogStore store;
    private final LogFile log;
    private final OffsetFile snapshot;
    private final String streamId;
    // Guarded by log.
    private boolean ended;
    private boolean closed;
    private String cutReason;
    /** Written under log, read without it by held(). */
    private volatile long held;

    SnapshotLogWriter(LogStore store, LogFile log, OffsetFile snapshot, String streamId) {
        this.store = store;
        this.log = log;
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
    public long append(long offset, byte[] data, int off, int len) throws IOException {
        Objects.requireNonNull(data, "data");
        synchronized (log) {
            if (ended) {
                throw new IllegalStateException("the " + this + " has ended; open a new one");
            }
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
    }

    @Override
    public void complete() throws IOException {
        end(LogStatus.COMPLETE, null);
    }

    @Override
    public void end(LogStatus status, String reason) throws IOException {
        LogStore.requireEnding(status);
        synchronized (log) {
            if (ended) {
                return;
            }
            ended = true;
            if (status == LogStatus.COMPLETE) {
                log.installSnapshot(snapshot, cutReason);
            } else {
                log.discardSnapshot(snapshot);
            }
        }
    }

    @Override
    public void close() {
        synchronized (log) {
            if (closed) {
                return;
            }
            closed = true;
            if (!ended) {
                ended = true;
                log.discardSnapshot(snapshot);
            }
        }
        store.release(log);
    }

    @Override
    public String toString() {
        return "snapshot writer of " + log.key + " (stream " + streamId + ")";
    }
}
