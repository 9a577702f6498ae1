package io.jobtail.api.streaming;

import io.jobtail.api.JobContext;

/**
 * Moves streams between processes. Jobtail's {@code StreamRunner} implements it on top of any
 * {@link io.jobtail.api.messaging.Messenger}; a host with an engine of its own may supply that.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface StreamableEngine {

    /**
     * Streams until the producer ends and the receiver acknowledges, the run is aborted, or a
     * failure outlasts the retry budget. Blocks the calling thread for the whole stream.
     *
     * @param target the receiving process ({@link io.jobtail.api.messaging.Destination#SERVER} or
     *     {@link io.jobtail.api.messaging.Destination#SERVER_PARENT})
     * @param jobCtx supplies the job the stream is scoped to and the abort signal that cuts it
     * @return how the stream ended; never throws for a stream failure
     * @throws InterruptedException if the calling thread is interrupted
     */
    StreamResult streamObjects(String channel, String topic, StreamContext streamCtx, String target,
            ObjectProducer producer, JobContext jobCtx) throws InterruptedException;

    /**
     * Registers what receives streams on a channel and topic, replacing any earlier registration.
     *
     * @param done told once per stream when it ends; may be null
     */
    void registerStreamProcessing(String channel, String topic, ConsumerFactory factory, StreamDoneCallback done);

    /**
     * Removes the registration on a channel and topic if {@code factory} is still the one in
     * force, so a receiver that goes away (its bundle stopped, its configuration replaced) takes
     * its handler with it without removing a successor's. Streams already open carry on until
     * they end. Idempotent.
     *
     * <p>The default does nothing and answers false: an engine written before this method existed
     * keeps the registration, as it always did.
     *
     * @return whether a registration was removed
     * @since 1.1
     */
    default boolean unregisterStreamProcessing(String channel, String topic, ConsumerFactory factory) {
        return false;
    }

    /** Ends every open incoming stream with {@link ReturnCode#TASK_ABORTED} and releases resources. Idempotent. */
    void shutdownStreamer();
}
