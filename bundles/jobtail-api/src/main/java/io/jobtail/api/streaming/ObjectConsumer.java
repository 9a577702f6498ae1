package io.jobtail.api.streaming;

import java.io.IOException;

/**
 * The receiving side of one stream. A new consumer is made for every stream.
 *
 * <p>The engine calls a consumer's methods one at a time (never concurrently), in stream order,
 * and calls {@link #finish} exactly once, whether the stream completed, failed, was aborted or
 * timed out. A method may refuse with a {@link StreamRefusedException}, which ends the stream with
 * that code and sends it to the sender.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ObjectConsumer {

    /**
     * Prepares to receive and says how many bytes of this stream are already held (0 for a new
     * log, the stored length when a live log resumes).
     */
    long open(StreamContext ctx) throws IOException;

    /**
     * Receives an item. DATA items carry only new bytes and start exactly at what is held; END
     * items arrive only once everything up to their offset is held.
     */
    void consume(StreamItem item, StreamContext ctx) throws IOException;

    /** The stream is over with {@code rc}; release everything. Called exactly once, must not throw. */
    void finish(ReturnCode rc, StreamContext ctx);
}
