package io.jobtail.receiver.store;

import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@code LIVE} writer: appends to the log in place, sharing the log's channel with other live writers. */
final class LiveLogWriter implements LogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LiveLogWriter.class);

    private final LogStore store;
    private final LogFile log;
    // Guarded by log.
    private boolean ended;
    private boolean closed;

    LiveLogWriter(LogStore store, LogFile log) {
        this.store = store;
        this.log = log;
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
    public long append(long offset, byte[] data, int off, int len) throws IOException {
        Objects.requireNonNull(data, "data");
        synchronized (log) {
            if (ended) {
                throw new IllegalStateException("the live writer of " + log.key + " has ended; open a new one");
            }
            return log.appendLive(offset, data, off, len);
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
            log.endLive(status, reason);
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
                try {
                    log.endLive(LogStatus.ABORTED, LogStore.CLOSED_BEFORE_END);
                } catch (IOException e) {
                    LOG.warn("{}: recording the abort of a writer closed before its stream ended failed: {}",
                            log.key, e.toString());
                }
            }
        }
        store.release(log);
    }

    @Override
    public String toString() {
        return "live writer of " + log.key;
    }
}
