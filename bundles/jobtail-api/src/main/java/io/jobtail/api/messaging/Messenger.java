package io.jobtail.api.messaging;

import java.time.Duration;

/**
 * Request/reply between named processes: the one transport primitive a host must supply if it
 * uses Jobtail's {@code StreamRunner}.
 *
 * <p>Thread-safe. {@link #request} blocks the calling thread for at most {@code timeout} (plus the
 * transport's connect time, which it bounds too).
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Messenger {

    /**
     * Sends a request and waits for the reply.
     *
     * <p>When the destination process is reachable but has no handler for the channel and topic,
     * the reply has {@link io.jobtail.api.streaming.ReturnCode#NO_HANDLER}; that is a reply, not an
     * exception, because the sender may simply be early.
     *
     * @return the reply, never null
     * @throws MessengerException if no reply came: the destination is unreachable, the connection
     *     broke, the timeout passed, or the transport refused the request (for example bad
     *     credentials); {@link MessengerException#returnCode()} says which
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    Message request(Destination destination, Message request, Duration timeout)
            throws MessengerException, InterruptedException;

    /**
     * Registers the handler for a channel and topic in this process, replacing any earlier one
     * (the last registration wins, so registering again on every run is safe).
     */
    void register(String channel, String topic, MessageHandler handler);

    /** Removes the handler for a channel and topic, if any. Idempotent. */
    void unregister(String channel, String topic);
}
