package io.jobtail.api.streaming;

/**
 * Outcome of a request or of a whole stream.
 *
 * <p>The first seven are the original's; the rest name the cases the offset protocol and the
 * store distinguish so that a sender can react precisely instead of giving up.
 */
public enum ReturnCode {
    OK,
    /** No reply in time, or a stream closed by the idle watchdog. */
    TIMEOUT,
    /** The sender's or receiver's run was aborted. */
    TASK_ABORTED,
    /** The receiver failed while handling the request. */
    EXECUTION_EXCEPTION,
    /** The request is malformed; sending it again will not help. */
    BAD_REQUEST_DATA,
    ERROR,
    /** The destination could not be reached or the connection broke. */
    COMMUNICATION_ERROR,
    /** The destination has no handler for the channel and topic (yet). */
    NO_HANDLER,
    /** The receiver has no state for this stream id (it restarted): open it again. */
    UNKNOWN_STREAM,
    /** The receiver already ended this stream (for example on idle timeout). */
    STREAM_ENDED,
    /** The data does not start where the receiver's copy ends; the reply says where it does. */
    OFFSET_MISMATCH,
    /** The sender's site may not stream logs; stop sending. */
    NOT_ALLOWED,
    /** The log reached its byte quota on the receiver; stop sending it. */
    QUOTA_EXCEEDED,
    /** The receiver could not store the bytes (for example a full disk); try again later. */
    STORAGE_ERROR,
    /** The transport refused the sender's credential. */
    UNAUTHORIZED;

    /**
     * True for conditions that pass by themselves, so that a sender should retry (with backoff)
     * rather than end the stream.
     */
    public boolean isTransient() {
        switch (this) {
            case TIMEOUT:
            case COMMUNICATION_ERROR:
            case NO_HANDLER:
            case UNKNOWN_STREAM:
            case STREAM_ENDED:
            case STORAGE_ERROR:
                return true;
            default:
                return false;
        }
    }

    /** The code with this name, or {@link #ERROR} for a name this version does not know. */
    public static ReturnCode parse(String name) {
        try {
            return valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            return ERROR;
        }
    }
}
