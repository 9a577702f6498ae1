package io.jobtail.streaming.memory;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process on an {@link InMemoryNetwork}. The peer identity handed to handlers is the sending
 * messenger's site, as a real transport takes it from the credential. Thread-safe.
 */
public final class InMemoryMessenger implements Messenger {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryMessenger.class);

    private final InMemoryNetwork network;
    private final String site;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();

    InMemoryMessenger(InMemoryNetwork network, String site) {
        this.network = network;
        this.site = site;
    }

    @Override
    public Message request(Destination destination, Message request, Duration timeout)
            throws MessengerException, InterruptedException {
        InMemoryNetwork.Fault fault = network.nextFault();
        if (fault == InMemoryNetwork.Fault.FAIL) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR, "injected fault: " + destination + " unreachable");
        }
        InMemoryMessenger receiver = network.process(destination.target());
        if (receiver == null) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR, "no process named " + destination.target());
        }
        MessageHandler handler = receiver.handlers.get(destination.channel() + "/" + destination.topic());
        Message reply;
        if (handler == null) {
            reply = Message.reply(ReturnCode.NO_HANDLER,
                    "no handler registered for " + destination.channel() + "/" + destination.topic());
        } else {
            try {
                reply = handler.handle(new Peer(site, destination.jobId()), request);
            } catch (RuntimeException e) {
                LOG.error("Handler for {} failed", destination, e);
                reply = Message.reply(ReturnCode.EXECUTION_EXCEPTION, e.toString());
            }
        }
        if (fault == InMemoryNetwork.Fault.DROP_REPLY) {
            throw new MessengerException(ReturnCode.TIMEOUT, "injected fault: reply from " + destination + " lost");
        }
        return reply;
    }

    @Override
    public void register(String channel, String topic, MessageHandler handler) {
        handlers.put(channel + "/" + topic, handler);
    }

    @Override
    public void unregister(String channel, String topic) {
        handlers.remove(channel + "/" + topic);
    }

    /** Forgets every handler, as a restarted process that has not registered yet. */
    public void clearHandlers() {
        handlers.clear();
    }

    /** The identity this messenger's requests carry. */
    public String site() {
        return site;
    }
}
