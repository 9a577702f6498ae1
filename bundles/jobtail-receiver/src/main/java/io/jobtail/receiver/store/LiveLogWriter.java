package io.jobtail.receiver.store;

import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;

/** A {@code LIVE} writer: appends to the log in place, sharing the log's channel with other live writers. */
final class LiveLogWriter extends LogFileWriter {

    LiveLogWriter(LogStore store, LogFile log) {
        super(store, log);
    }

    @Override
    public StreamMode mode() {
        return StreamMode.LIVE;
    }

    @Override
    public long held() {
        return log.size();
    }

    @Override
    long appendLocked(long offset, byte[] data, int off, int len) throws IOException {
        return log.appendLive(offset, data, off, len);
    }

    /** Keeps the bytes held, whatever the end, and records the status. */
    @Override
    void finish(LogStatus status, String reason) throws IOException {
        log.endLive(status, reason);
    }

    @Override
    public String toString() {
        return "live writer of " + log.key;
    }
}
