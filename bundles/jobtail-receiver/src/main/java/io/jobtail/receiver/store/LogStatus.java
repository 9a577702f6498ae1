package io.jobtail.receiver.store;

/** Where a stored log stands. Every status but {@link #STREAMING} means no more bytes are coming. */
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
    ERROR;

    /** True for every status but {@link #STREAMING}: no more bytes will come. */
    public boolean ended() {
        return this != STREAMING;
    }
}
