package io.jobtail.api.streaming;

/** Makes the consumer for each new stream on a channel and topic. Thread-safe. */
@org.osgi.annotation.versioning.ConsumerType
public interface ConsumerFactory {

    /**
     * A new consumer for a stream that is opening.
     *
     * @throws StreamRefusedException to refuse the stream (for example a bad file name)
     */
    ObjectConsumer getConsumer(StreamContext ctx);

    /** Called after the consumer's {@link ObjectConsumer#finish}; nothing to do by default. */
    default void returnConsumer(ObjectConsumer consumer, StreamContext ctx) {
    }
}
