package io.jobtail.api.messaging;

/**
 * Handles requests on one channel and topic.
 *
 * <p>Called on a transport thread, possibly on several at once for different requests; an
 * implementation must be thread-safe. It must return a reply (never null) and should not throw: an
 * exception becomes an {@code EXECUTION_EXCEPTION} reply carrying its message.
 */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface MessageHandler {

    /**
     * @param peer the authenticated sender, from the transport, never from the message
     * @param request the request
     * @return the reply
     */
    Message handle(Peer peer, Message request);
}
