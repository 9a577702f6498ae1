package io.jobtail.transport.http;

import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Peer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A handler fake: records every call, replies as told, can be told to fail or to wait. */
final class RecordingHandler implements MessageHandler {
    record Call(Peer peer, Message request) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<Message> reply = request -> Message.empty().with("handled", "yes");
    private volatile RuntimeException failure;
    private volatile CountDownLatch gate;

    RecordingHandler replyWith(UnaryOperator<Message> value) {
        this.reply = value;
        return this;
    }

    RecordingHandler failWith(RuntimeException value) {
        this.failure = value;
        return this;
    }

    /** Every call waits (at most 10 s) until {@code value} opens. */
    RecordingHandler waitFor(CountDownLatch value) {
        this.gate = value;
        return this;
    }

    @Override
    public Message handle(Peer peer, Message request) {
        calls.add(new Call(peer, request));
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reply.apply(request);
    }

    Call onlyCall() {
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one call, got " + calls);
        }
        return calls.get(0);
    }
}
