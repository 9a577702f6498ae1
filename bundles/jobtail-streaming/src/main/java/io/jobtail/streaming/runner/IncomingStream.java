package io.jobtail.streaming.runner;

import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ObjectConsumer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamDoneCallback;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of one stream: applies the offset rules and drives its consumer.
 *
 * <p>Every call into the consumer, and {@link #end}, happen under {@link #lock}, so the consumer
 * never sees two calls at once and {@code finish} runs exactly once, whichever of the transport
 * thread (END, refusal) or the watchdog (idle timeout) gets there first.
 *
 * <p><b>Out of order.</b> A sender may keep several DATA messages in flight, and the transport
 * may hand them to different threads, so a chunk can arrive before the one it continues. Such a
 * chunk is parked ({@link #ahead}) if the {@link ReorderBudget} has room, and appended as soon as
 * what is held reaches it; else it is refused with {@code OFFSET_MISMATCH} as before. Nothing
 * waits: a request is answered at once either way. Parked chunks are only ever appended at
 * {@link #held}, with any prefix already held dropped, so no byte is stored twice or out of
 * place, and they are let go (budget returned) when the stream ends or a store fails.
 */
final class IncomingStream {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingStream.class);

    private final StreamContext ctx;
    private final ConsumerFactory factory;
    private final StreamDoneCallback done;
    private final BiConsumer<IncomingStream, Long> onEnded;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReorderBudget budget;

    /** Guarded by lock. */
    private ObjectConsumer consumer;
    /** Guarded by lock. */
    private long held;
    /** Guarded by lock: chunks that arrived ahead of held, by offset. */
    private final TreeMap<Long, byte[]> ahead = new TreeMap<>();
    /** Guarded by lock: the bytes in {@link #ahead}, all reserved from {@link #budget}. */
    private long aheadBytes;
    /** Guarded by lock; read without it only as a hint. */
    private volatile boolean ended;

    IncomingStream(StreamContext ctx, ConsumerFactory factory, StreamDoneCallback done,
            BiConsumer<IncomingStream, Long> onEnded, ReorderBudget budget) {
        this.ctx = ctx;
        this.budget = budget;
        this.factory = factory;
        this.done = done;
        this.onEnded = onEnded;
        ctx.setEndStreamHook(this::end);
    }

    StreamContext context() {
        return ctx;
    }

    /**
     * Makes the consumer and learns what it holds.
     *
     * @return null on success, else the refusal to send (the stream never existed)
     */
    Message open() {
        lock.lock();
        try {
            consumer = factory.getConsumer(ctx);
            if (consumer == null) {
                return Message.reply(ReturnCode.EXECUTION_EXCEPTION, "no consumer for " + ctx.channel() + "/" + ctx.topic());
            }
            held = consumer.open(ctx);
            return null;
        } catch (StreamRefusedException e) {
            releaseAfterFailedOpen(e.returnCode());
            return Message.reply(e.returnCode(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            releaseAfterFailedOpen(ReturnCode.STORAGE_ERROR);
            return Message.reply(ReturnCode.STORAGE_ERROR, "cannot open the stream's destination: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Opening {} failed", ctx, e);
            releaseAfterFailedOpen(ReturnCode.EXECUTION_EXCEPTION);
            return Message.reply(ReturnCode.EXECUTION_EXCEPTION, "opening the stream failed: " + e);
        } finally {
            lock.unlock();
        }
    }

    private void releaseAfterFailedOpen(ReturnCode rc) {
        ended = true;
        if (consumer != null) {
            finishQuietly(rc);
        }
    }

    Message heldReply() {
        lock.lock();
        try {
            return ok();
        } finally {
            lock.unlock();
        }
    }

    Message handle(StreamProtocol.Kind kind, Message request) {
        lock.lock();
        try {
            if (ended) {
                return Message.reply(ReturnCode.STREAM_ENDED, "stream already ended with " + ctx.returnCode())
                        .with(StreamProtocol.HELD, held);
            }
            switch (kind) {
                case DATA:
                    return data(request);
                case HEARTBEAT:
                    return consume(StreamItem.heartbeat());
                case END:
                    return endOfStream(request);
                case ABORT:
                    end(ReturnCode.TASK_ABORTED);
                    return Message.reply(ReturnCode.OK).with(StreamProtocol.HELD, held);
                default:
                    return Message.reply(ReturnCode.BAD_REQUEST_DATA, "unexpected " + kind + " on an open stream");
            }
        } finally {
            lock.unlock();
        }
    }

    private Message data(Message request) {
        long offset;
        long size;
        try {
            offset = request.longHeader(StreamProtocol.OFFSET);
            size = request.longHeader(StreamProtocol.SIZE);
        } catch (IllegalArgumentException e) {
            return refuse(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
        }
        byte[] body = request.body();
        if (offset < 0 || size != body.length || size == 0) {
            return refuse(ReturnCode.BAD_REQUEST_DATA, "chunk at offset " + offset + " declares " + size
                    + " bytes but carries " + body.length);
        }
        if (offset > held) {
            touch();
            if (park(offset, body)) {
                return ok().with(StreamProtocol.QUEUED, "true");
            }
            return Message.reply(ReturnCode.OFFSET_MISMATCH, "chunk starts at " + offset + " but " + held + " bytes are held")
                    .with(StreamProtocol.HELD, held);
        }
        if (offset + size <= held) {
            return consume(StreamItem.heartbeat()); // a duplicate: nothing new, but the sender is alive
        }
        Message reply = append(offset, body);
        while (reply.returnCode() == ReturnCode.OK && !ended && !ahead.isEmpty() && ahead.firstKey() <= held) {
            Map.Entry<Long, byte[]> next = ahead.pollFirstEntry();
            unpark(next.getValue().length);
            if (next.getKey() + next.getValue().length > held) {
                reply = append(next.getKey(), next.getValue());
            }
        }
        if (reply.returnCode() != ReturnCode.OK) {
            dropParked(); // the sender resends from held; parked chunks would only be duplicates then
        }
        return reply;
    }

    /** Appends the part of a chunk starting at or before held that is not held yet. */
    private Message append(long offset, byte[] body) {
        int skip = (int) (held - offset);
        byte[] fresh = skip == 0 ? body : Arrays.copyOfRange(body, skip, body.length);
        return consume(StreamItem.data(held, fresh));
    }

    /** Keeps a chunk that starts past held if the budget allows; false if it must be refused. */
    private boolean park(long offset, byte[] body) {
        byte[] there = ahead.get(offset);
        if (there != null && there.length >= body.length) {
            return true; // a resend of a parked chunk: it is there already
        }
        long extra = body.length - (there == null ? 0 : there.length);
        if (aheadBytes + extra > budget.perStream() || !budget.tryReserve(extra)) {
            return false;
        }
        ahead.put(offset, body);
        aheadBytes += extra;
        return true;
    }

    private void unpark(long bytes) {
        aheadBytes -= bytes;
        budget.release(bytes);
    }

    /** Lets go of every parked chunk. Caller holds lock. */
    private void dropParked() {
        if (aheadBytes > 0) {
            budget.release(aheadBytes);
        }
        aheadBytes = 0;
        ahead.clear();
    }

    /** Bytes parked ahead of held now (for tests). */
    long parkedBytes() {
        lock.lock();
        try {
            return aheadBytes;
        } finally {
            lock.unlock();
        }
    }

    private Message endOfStream(Message request) {
        long offset;
        try {
            offset = request.longHeader(StreamProtocol.OFFSET);
        } catch (IllegalArgumentException e) {
            return refuse(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
        }
        if (offset < 0) {
            return refuse(ReturnCode.BAD_REQUEST_DATA, "end offset < 0: " + offset);
        }
        if (offset > held) {
            touch();
            return Message.reply(ReturnCode.OFFSET_MISMATCH, "stream ends at " + offset + " but only " + held + " bytes are held")
                    .with(StreamProtocol.HELD, held);
        }
        Message reply = consume(StreamItem.end(offset));
        if (reply.returnCode() == ReturnCode.OK && !ended) {
            end(ReturnCode.OK);
        }
        return reply;
    }

    private Message consume(StreamItem item) {
        try {
            held = consumer.consume(item, ctx);
        } catch (StreamRefusedException e) {
            return refuse(e.returnCode(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            // The stream stays open: the sender backs off and resends from what is held.
            LOG.warn("Could not store {} of {} ({}); the sender will retry", item, ctx, e.getMessage());
            return Message.reply(ReturnCode.STORAGE_ERROR, "could not store the data: " + e.getMessage())
                    .with(StreamProtocol.HELD, held);
        } catch (RuntimeException e) {
            LOG.error("Consumer of {} failed on {}", ctx, item, e);
            return refuse(ReturnCode.EXECUTION_EXCEPTION, "the receiver failed: " + e);
        }
        if (ended) {
            ReturnCode rc = ctx.returnCode();
            return Message.reply(rc == null ? ReturnCode.ERROR : rc, "the receiver ended the stream").with(StreamProtocol.HELD, held);
        }
        return ok();
    }

    /** Lets the consumer's idle clock see traffic the engine answered by itself. */
    private void touch() {
        try {
            consumer.consume(StreamItem.heartbeat(), ctx);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Idle-clock touch of {} failed: {}", ctx, e.toString());
        }
    }

    private Message refuse(ReturnCode rc, String detail) {
        LOG.warn("Refusing {} from {}: {} ({})", ctx.fileName(), ctx.peer(), detail, rc);
        end(rc);
        return Message.reply(rc, detail).with(StreamProtocol.HELD, held);
    }

    private Message ok() {
        return Message.reply(ReturnCode.OK).with(StreamProtocol.HELD, held);
    }

    /** Ends the stream with {@code rc}; only the first call does anything. Safe from any thread. */
    void end(ReturnCode rc) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            dropParked();
            finishQuietly(rc);
            if (done != null) {
                try {
                    done.streamDone(ctx, rc);
                } catch (RuntimeException e) {
                    LOG.error("Stream-done callback for {} failed", ctx, e);
                }
            }
            try {
                factory.returnConsumer(consumer, ctx);
            } catch (RuntimeException e) {
                LOG.error("Returning the consumer of {} failed", ctx, e);
            }
            onEnded.accept(this, held);
        } finally {
            lock.unlock();
        }
    }

    private void finishQuietly(ReturnCode rc) {
        ctx.setReturnCode(rc);
        try {
            consumer.finish(rc, ctx);
        } catch (RuntimeException e) {
            LOG.error("Finishing {} failed", ctx, e);
        }
    }
}
