package io.jobtail.receiver.store;

import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every writer of one {@link LogFile} shares: the log's lock, the rule that a writer ends
 * exactly once (the first of {@link #complete()}, {@link #end} or {@link #close()} decides) and the
 * release of the log when the writer closes. Subclasses say only how bytes are written and how
 * the writer ends.
 *
 * <p><b>Lock.</b> Every hook runs holding the log's monitor, so the hooks of all writers of one
 * log never overlap; {@link #ended} and {@link #closed} are guarded by it.
 */
abstract class LogFileWriter implements LogWriter {
    private static final Logger LOG = LoggerFactory.getLogger(LogFileWriter.class);

    final LogStore store;
    final LogFile log;
    // Guarded by log.
    private boolean ended;
    private boolean closed;

    LogFileWriter(LogStore store, LogFile log) {
        this.store = store;
        this.log = log;
    }

    /** {@link #append}'s work, under the log's lock, while the writer has not ended. */
    abstract long appendLocked(long offset, byte[] data, int off, int len) throws IOException;

    /**
     * Ends the writer with {@code status} (checked: an end a stream may have), under the log's
     * lock; called at most once. A writer closed before it ended gets
     * {@link LogStatus#ABORTED} with {@link LogStore#CLOSED_BEFORE_END}.
     */
    abstract void finish(LogStatus status, String reason) throws IOException;

    @Override
    public final long append(long offset, byte[] data, int off, int len) throws IOException {
        Objects.requireNonNull(data, "data");
        synchronized (log) {
            if (ended) {
                throw new IllegalStateException("the " + this + " has ended; open a new one");
            }
            return appendLocked(offset, data, off, len);
        }
    }

    @Override
    public final void complete() throws IOException {
        end(LogStatus.COMPLETE, null);
    }

    @Override
    public final void end(LogStatus status, String reason) throws IOException {
        LogStore.requireEnding(status);
        synchronized (log) {
            if (ended) {
                return;
            }
            ended = true;
            finish(status, reason);
        }
    }

    @Override
    public final void close() {
        synchronized (log) {
            if (closed) {
                return;
            }
            closed = true;
            if (!ended) {
                ended = true;
                try {
                    finish(LogStatus.ABORTED, LogStore.CLOSED_BEFORE_END);
                } catch (IOException e) {
                    LOG.warn("{}: recording the abort of a writer closed before its stream ended failed: {}",
                            log.key, e.toString());
                }
            }
        }
        store.release(log);
    }
}
