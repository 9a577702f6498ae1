package io.jobtail.receiver.store;

import io.jobtail.api.streaming.StreamMode;
import java.io.Closeable;
import java.io.IOException;

/**
 * Writes one stream's bytes into one stored log, at the offsets the sender gives.
 *
 * <p><b>Threads.</b> Every method is thread-safe. All writers of the same log share one lock, so
 * an append blocks while another writer of that log writes; writers of different logs never
 * wait for each other. {@link #complete()} and {@link #end} force the log to disk and may take as
 * long as the disk takes. Nothing here starts a thread or waits for time to pass.
 *
 * <p><b>Offsets.</b> {@link #append} takes the offset of its first byte in the stream. Bytes the
 * log already holds are dropped, a gap is refused, so sending the same chunk twice, or two
 * streams of the same log sending the same bytes, never duplicates a byte.
 *
 * <p><b>Ending.</b> A writer ends exactly once: the first of {@link #complete()},
 * {@link #end(LogStatus, String)} or {@link #close()} decides, later calls are no-ops. The caller
 * owns the writer and must {@link #close()} it (after ending it), which releases the store's
 * per-log resources; {@code close()} is safe to call more than once. Closing a writer that was
 * not ended ends it as {@link LogStatus#ABORTED}.
 */
public interface LogWriter extends Closeable {

    /** How this writer treats what the log held before it: append or replace. */
    StreamMode mode();

    /**
     * The bytes held: the offset the next {@link #append} must start at (or before). For a
     * {@code LIVE} writer this is the log's length, shared by every live writer of the log and
     * updated when a snapshot replaces it; for a {@code SNAPSHOT} writer it is the length of its
     * own replacement. Never blocks.
     */
    long held();

    /**
     * Appends {@code data[off, off+len)}, whose first byte is at {@code offset} in the stream.
     *
     * <p>The part before {@link #held()} is dropped; the rest is written and handed to the OS
     * before this returns (a reader following the file sees it), but not forced to disk: that
     * happens when the writer ends. The checked exceptions are distinct so the caller can answer
     * each precisely; catch them before {@code IOException}.
     *
     * @return the bytes held afterwards
     * @throws OffsetGapException     {@code offset > held()}: nothing was written
     * @throws QuotaExceededException the log reached the per-log quota: the bytes up to it were
     *                                written, the log is marked cut, the rest was dropped
     * @throws IOException            the write failed (for example a full disk). The log stays a
     *                                prefix of the stream: {@link #held()} is re-read from the
     *                                file's real length and an append from there may succeed later
     * @throws IllegalStateException  the writer has ended
     * @throws IllegalArgumentException {@code offset < 0}
     * @throws IndexOutOfBoundsException {@code off} and {@code len} are not within {@code data}
     */
    long append(long offset, byte[] data, int off, int len) throws IOException;

    /**
     * Ends the stream as {@link LogStatus#COMPLETE}: forces the bytes to disk and records the
     * status. A {@code SNAPSHOT} writer atomically replaces the log with its bytes here, and only
     * here. Idempotent: no-op once the writer has ended.
     *
     * @throws IOException forcing, replacing or recording failed; the writer counts as ended (a
     *                     snapshot's bytes are discarded and the old log is kept)
     */
    void complete() throws IOException;

    /**
     * Ends the stream with {@code status} ({@link LogStatus#TIMEOUT}, {@link LogStatus#ABORTED}
     * or {@link LogStatus#ERROR}; {@link LogStatus#COMPLETE} is the same as {@link #complete()}).
     * A {@code LIVE} writer keeps the partial log and records the status and reason; a
     * {@code SNAPSHOT} writer discards its bytes and leaves the old log and its state untouched
     * (so the reason is the caller's to log).
     * Idempotent: no-op once the writer has ended.
     *
     * @param reason why, for people; may be null
     * @throws IllegalArgumentException {@code status} is {@link LogStatus#STREAMING}
     */
    void end(LogStatus status, String reason) throws IOException;

    /**
     * Releases the writer. Ends it as {@link LogStatus#ABORTED} first if it has not ended;
     * failures doing so are logged, not thrown. Idempotent.
     */
    @Override
    void close();
}
