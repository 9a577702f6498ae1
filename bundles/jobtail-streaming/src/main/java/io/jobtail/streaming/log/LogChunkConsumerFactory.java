package io.jobtail.streaming.log;

import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ObjectConsumer;
import io.jobtail.api.streaming.StreamContext;
import java.time.Duration;
import java.util.Objects;

/** Makes a fresh {@link LogChunkConsumer} for every log stream. Thread-safe. */
public final class LogChunkConsumerFactory implements ConsumerFactory {
    private final LogChunkHandler handler;
    private final Duration idleTimeout;
    private final IdleWatchdog watchdog;

    /**
     * @param idleTimeout close a stream after this long without any message; zero disables
     * @param watchdog the process's watchdog ({@link IdleWatchdog#shared()} in production)
     */
    public LogChunkConsumerFactory(LogChunkHandler handler, Duration idleTimeout, IdleWatchdog watchdog) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle_timeout must be 0 or more: " + idleTimeout);
        }
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    }

    @Override
    public ObjectConsumer getConsumer(StreamContext ctx) {
        return new LogChunkConsumer(handler, idleTimeout, watchdog);
    }
}
