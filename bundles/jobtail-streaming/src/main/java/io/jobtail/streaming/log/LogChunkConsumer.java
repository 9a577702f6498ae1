package io.jobtail.streaming.log;

import io.jobtail.api.streaming.ObjectConsumer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamRefusedException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one log stream for a {@link LogChunkHandler}: heartbeats only reset the idle clock,
 * data goes to the handler, and the handler's done callback runs exactly once for this stream,
 * whichever of normal completion or the idle watchdog comes first.
 */
final class LogChunkConsumer implements ObjectConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(LogChunkConsumer.class);

    private final LogChunkHandler handler;
    private final Duration idleTimeout;
    private final IdleWatchdog watchdog;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile IdleWatchdog.Watch watch;
    private long held;

    LogChunkConsumer(LogChunkHandler handler, Duration idleTimeout, IdleWatchdog watchdog) {
        this.handler = handler;
        this.idleTimeout = idleTimeout;
        this.watchdog = watchdog;
    }

    @Override
    public long open(StreamContext ctx) throws IOException {
        if (!idleTimeout.isZero()) {
            // Started before anything else: a sender that dies right after opening is still noticed.
            watch = watchdog.watch(idleTimeout, () -> {
                LOG.warn("Log stream {} from {} idle for {} s (threshold {} s) — closing",
                        ctx.fileName(), ctx.peer(), idleTimeout.toSeconds(), idleTimeout.toSeconds());
                if (!ctx.endStream(ReturnCode.TIMEOUT)) {
                    LOG.error("Cannot close idle stream {}: no end-stream hook installed", ctx);
                }
            });
        }
        held = handler.streamOpened(ctx);
        return held;
    }

    @Override
    public long consume(StreamItem item, StreamContext ctx) throws IOException {
        IdleWatchdog.Watch w = watch;
        if (w != null) {
            w.touch();
        }
        if (finished.get()) {
            throw new StreamRefusedException(ReturnCode.TASK_ABORTED, "the stream was already closed");
        }
        if (item.kind() == StreamItem.Kind.DATA) {
            held = handler.chunkReceived(item, ctx);
        }
        return held;
    }

    @Override
    public void finish(ReturnCode rc, StreamContext ctx) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        IdleWatchdog.Watch w = watch;
        if (w != null) {
            w.cancel();
        }
        handler.streamDone(ctx, rc);
    }
}
