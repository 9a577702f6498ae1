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
     * Receives an item and says how many bytes are held afterwards.
     *
     * <p>The engine delivers DATA items starting exactly at the offset the consumer last reported
     * (it drops any duplicate prefix first) and END items only once everything up to their offset
     * was reported held. The consumer's answer is the truth: it may hold more than the engine
     * thought (another stream of the same log appended meanwhile), and the engine then tells the
     * sender to skip ahead.
     *
     * @return the bytes held after this item
     * @throws IOException if the bytes could not be stored; the sender retries later
     *     ({@link ReturnCode#STORAGE_ERROR})
     */
    long consume(StreamItem item, StreamContext ctx) throws IOException;

    /** The stream is over with {@code rc}; release everything. Called exactly once, must not throw. */
    void finish(ReturnCode rc, StreamContext ctx);
}
