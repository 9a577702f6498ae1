package io.jobtail.receiver.store;

/**
 * Where a stored log stands. Every status but {@link #STREAMING} means no stream is writing the
 * log now; a sender that comes back (a resumed live stream) turns it into {@code STREAMING} again.
 */
public enum LogStatus {
    /** A writer is open (or was, when the server stopped): the log may still grow. */
    STREAMING,
    /** The sender reached the end of the log and every byte is stored. */
    COMPLETE,
    /** The stream went idle and the receiver closed it; the bytes held so far are kept. */
    TIMEOUT,
    /** The stream was aborted (by either side); the bytes held so far are kept. */
    ABORTED,
    /** The stream failed; the bytes held so far are kept and the state's reason says why. */
    ERROR,
    /**
     * The server stopped (crashed, was killed) while the log was streaming, and a later server
     * found it so ({@link LogStore#markInterrupted()}). The bytes held are kept; the sender, if it
     * comes back, resumes from them. Never the end of a stream that a writer saw.
     */
    INTERRUPTED;

    /** True for every status but {@link #STREAMING}: no stream is writing the log now. */
    public boolean ended() {
        return this != STREAMING;
    }
}
