package io.jobtail.streaming.runner;

/**
 * The wire protocol between a sending and a receiving {@link StreamRunner}: stop-and-wait
 * request/reply, one request in flight per stream, every request idempotent.
 *
 * <table>
 * <caption>Requests (header {@value #KIND})</caption>
 * <tr><th>kind</th><th>headers</th><th>receiver</th></tr>
 * <tr><td>OPEN</td><td>{@value #STREAM}, {@value #PROPERTY_PREFIX}* (file name, mode)</td>
 *     <td>creates the stream (or finds it: OPEN again is harmless) and replies {@value #HELD}: the
 *     bytes it already holds</td></tr>
 * <tr><td>DATA</td><td>{@value #STREAM}, {@value #OFFSET}, {@value #SIZE}; body = bytes</td>
 *     <td>offset = held: append; offset &lt; held: drop the duplicate prefix; offset &gt; held:
 *     {@code OFFSET_MISMATCH} with held. Size differing from the body: {@code BAD_REQUEST_DATA}</td></tr>
 * <tr><td>HEARTBEAT</td><td>{@value #STREAM}</td><td>resets the idle clock</td></tr>
 * <tr><td>END</td><td>{@value #STREAM}, {@value #OFFSET} = final length</td>
 *     <td>completes the stream once everything up to the offset is held; repeated after
 *     completion it is answered OK again</td></tr>
 * <tr><td>ABORT</td><td>{@value #STREAM}</td><td>ends the stream with {@code TASK_ABORTED}</td></tr>
 * </table>
 *
 * Replies carry {@code rc}, {@value #HELD} and, for errors, {@code detail}. An unknown stream id gets
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
    public static final String PROPERTY_PREFIX = "jt-ctx-";

    /** Request kinds. */
    public enum Kind {
        OPEN, DATA, HEARTBEAT, END, ABORT
    }

    private StreamProtocol() {
    }
}
