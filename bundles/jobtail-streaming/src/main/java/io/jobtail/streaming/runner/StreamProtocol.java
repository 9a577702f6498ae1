package io.jobtail.streaming.runner;

/**
 * The wire protocol between a sending and a receiving {@link StreamRunner}: stop-and-wait
 * request/reply, every request idempotent. A sender may keep several DATA messages of a stream in
 * flight (never OPEN, END or HEARTBEAT alongside others), so they may arrive out of order.
 *
 * <table>
 * <caption>Requests (header {@value #KIND})</caption>
 * <tr><th>kind</th><th>headers</th><th>receiver</th></tr>
 * <tr><td>OPEN</td><td>{@value #STREAM}, {@value #PROPERTY_PREFIX}* (file name, mode)</td>
 *     <td>creates the stream (or finds it: OPEN again is harmless) and replies {@value #HELD}: the
 *     bytes it already holds</td></tr>
 * <tr><td>DATA</td><td>{@value #STREAM}, {@value #OFFSET}, {@value #SIZE}; body = bytes</td>
 *     <td>offset = held: append, then append whatever parked chunks now continue it; offset &lt;
 *     held: drop the duplicate prefix; offset &gt; held: park the chunk if the receiver's bounded
 *     reorder window has room (OK with {@value #QUEUED}{@code =true} and held, which does not include
 *     it yet), else {@code OFFSET_MISMATCH} with held. Size differing from the body:
 *     {@code BAD_REQUEST_DATA}</td></tr>
 * <tr><td>HEARTBEAT</td><td>{@value #STREAM}</td><td>resets the idle clock</td></tr>
 * <tr><td>END</td><td>{@value #STREAM}, {@value #OFFSET} = final length</td>
 *     <td>completes the stream once everything up to the offset is held; repeated after
 *     completion it is answered OK again</td></tr>
 * <tr><td>ABORT</td><td>{@value #STREAM}</td><td>ends the stream with {@code TASK_ABORTED}</td></tr>
 * </table>
 *
 * Replies carry {@code rc}, {@value #HELD} (always what the receiver holds contiguously from 0) and,
 * for errors, {@code detail}. An unknown stream id gets
 * {@code UNKNOWN_STREAM} (the receiver restarted: the sender opens again) or {@code STREAM_ENDED}
 * (the receiver ended it, for example on idle timeout: the sender may start a new stream).
 */
public final class StreamProtocol {
    public static final String KIND = "jt-kind";
    public static final String STREAM = "jt-stream";
    public static final String SEQ = "jt-seq";
    public static final String OFFSET = "jt-offset";
    public static final String SIZE = "jt-size";
    public static final String HELD = "jt-held";
    /** Reply header on an OK to DATA that was parked ahead of {@value #HELD}: {@code true}. */
    public static final String QUEUED = "jt-queued";
    public static final String PROPERTY_PREFIX = "jt-ctx-";

    /** Request kinds. */
    public enum Kind {
        OPEN, DATA, HEARTBEAT, END, ABORT
    }

    private StreamProtocol() {
    }
}
