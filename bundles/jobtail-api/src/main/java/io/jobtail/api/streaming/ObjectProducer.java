package io.jobtail.api.streaming;

import java.io.Closeable;
import java.io.IOException;

/**
 * The sending side of a stream: produces items from a source that can be re-read.
 *
 * <p>Called by the engine on the one thread that runs the stream; implementations need not be
 * thread-safe except for whatever they let other threads signal (for example a stop event). The
 * caller that created the producer closes it.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ObjectProducer extends Closeable {

    /**
     * Blocks until there is something to send and returns it: bytes at the current position, a
     * heartbeat after a period of silence, or the end. After an END the engine calls
     * {@link #seek} and {@code produce} again only if the receiver did not get everything.
     *
     * @throws IOException if the source fails for good; the engine ends the stream with an error
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    StreamItem produce(StreamContext ctx) throws IOException, InterruptedException;

    /**
     * Repositions so that the next DATA item starts at {@code offset}: what the receiver holds.
     * Called after the stream is opened and whenever the receiver reports a gap or a restart.
     *
     * @throws IOException if the position cannot be reached (the source no longer has those bytes)
     */
    void seek(long offset) throws IOException;

    /**
     * Called now and then while the engine waits (for example between retries) so that the
     * producer can keep track of its source: a log tailer notices rotations here that it would
     * otherwise miss while the receiver is unreachable. Must not block. Does nothing by default.
     */
    default void poll() throws IOException {
    }
}
