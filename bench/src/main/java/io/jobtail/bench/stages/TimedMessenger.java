package io.jobtail.bench.stages;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.streaming.runner.StreamProtocol;
import java.time.Duration;

/**
 * Times DATA messages as they pass a messenger: on the sending side {@link StageTimes.Stage#SENT}
 * and {@link StageTimes.Stage#REPLIED} around {@link #request}; on the receiving side
 * {@link StageTimes.Stage#HANDLED} and {@link StageTimes.Stage#STORED} around every registered
 * handler.
 */
final class TimedMessenger implements Messenger {
    private final Messenger delegate;
    private final StageTimes times;

    TimedMessenger(Messenger delegate, StageTimes times) {
        this.delegate = delegate;
        this.times = times;
    }

    @Override
    public Message request(Destination destination, Message request, Duration timeout)
            throws MessengerException, InterruptedException {
        long sent = System.nanoTime();
        Message reply = delegate.request(destination, request, timeout);
        long replied = System.nanoTime();
        if (isData(request)) {
            long offset = request.longHeader(StreamProtocol.OFFSET);
            times.record(StageTimes.Stage.SENT, offset, request.body().length, sent);
            times.record(StageTimes.Stage.REPLIED, offset, request.body().length, replied);
        }
        return reply;
    }

    @Override
    public void register(String channel, String topic, MessageHandler handler) {
        delegate.register(channel, topic, (peer, request) -> {
            long handled = System.nanoTime();
            Message reply = handler.handle(peer, request);
            if (isData(request)) {
                long offset = request.longHeader(StreamProtocol.OFFSET);
                times.record(StageTimes.Stage.HANDLED, offset, request.body().length, handled);
                times.record(StageTimes.Stage.STORED, offset, request.body().length, System.nanoTime());
            }
            return reply;
        });
    }

    @Override
    public void unregister(String channel, String topic) {
        delegate.unregister(channel, topic);
    }

    private static boolean isData(Message m) {
        return StreamProtocol.Kind.DATA.name().equals(m.header(StreamProtocol.KIND));
    }
}
