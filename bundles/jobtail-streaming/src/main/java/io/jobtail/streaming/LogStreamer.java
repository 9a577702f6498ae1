package io.jobtail.streaming;

import io.jobtail.api.JobContext;
import io.jobtail.api.Signal;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.api.streaming.StreamableEngine;
import io.jobtail.streaming.log.IdleWatchdog;
import io.jobtail.streaming.log.LogChunkConsumerFactory;
import io.jobtail.streaming.log.LogChunkHandler;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.streaming.tail.LogTailProducer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Entry points for streaming a log file and for receiving log streams.
 *
 * <p>Stateless: everything is in the arguments. {@link #streamLog} blocks its caller for the whole
 * stream; callers run it on a thread of their own.
 */
public final class LogStreamer {
    /** The channel of live log streams. */
    public static final String CHANNEL = "log_streaming";
    /** The topic of live log streams. */
    public static final String TOPIC = "live_log";
    /** The original receiver's idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private LogStreamer() {
    }

    /**
     * Streams {@code file} to {@code target} until {@code stop} is set and the file is drained
     * (LIVE), or until the file has been read once to its end (pass a {@code stop} that is already
     * set: SNAPSHOT uploads do so).
     *
     * @param jobCtx the job the stream belongs to; its engine sends, its abort signal cuts the
     *     stream (pass {@link JobContext#newContext()} to let a stream outlive the run's abort)
     * @param properties extra properties declared at open (informational for the receiver)
     * @return how the stream ended
     * @throws IllegalStateException if the context has no streaming engine
     */
    public static StreamResult streamLog(JobContext jobCtx, String target, Path file, StreamMode mode,
            Map<String, String> properties, LogStreamOptions options, Signal stop) throws InterruptedException {
        Objects.requireNonNull(options, "options");
        StreamableEngine engine = jobCtx.engine();
        if (engine == null) {
            throw new IllegalStateException("no streaming engine in " + jobCtx + "; cannot stream " + file);
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.put(StreamContext.FILE_NAME, file.getFileName().toString());
        props.put(StreamContext.MODE, mode.name());
        StreamContext ctx = StreamContext.outgoing(CHANNEL, TOPIC, props);
        ctx.setAttribute(StreamRunner.RETRY_POLICY, options.retryPolicy());
        ctx.setAttribute(StreamRunner.REQUEST_TIMEOUT, options.chunkTimeout());
        try (LogTailProducer producer = new LogTailProducer(file, options, stop, jobCtx.abortSignal(), mode == StreamMode.LIVE)) {
            return engine.streamObjects(CHANNEL, TOPIC, ctx, target, producer, jobCtx);
        }
    }

    /**
     * Registers {@code handler} to receive log streams on the engine, replacing an earlier
     * registration. Safe to call again on every run.
     *
     * @param idleTimeout close a stream silent for this long (zero disables)
     * @return the registration's factory: hand it to {@link #unregisterStreamProcessing} when the
     *     handler goes away
     */
    public static ConsumerFactory registerStreamProcessing(StreamableEngine engine, LogChunkHandler handler,
            Duration idleTimeout, IdleWatchdog watchdog) {
        ConsumerFactory factory = new LogChunkConsumerFactory(handler, idleTimeout, watchdog);
        engine.registerStreamProcessing(CHANNEL, TOPIC, factory, null);
        return factory;
    }

    /**
     * Removes a registration made by {@link #registerStreamProcessing}, unless another has
     * replaced it since: a handler going away never removes its successor. Open streams carry on
     * until they end. Idempotent.
     *
     * @return whether the engine removed it (false also for an engine that cannot unregister)
     */
    public static boolean unregisterStreamProcessing(StreamableEngine engine, ConsumerFactory registration) {
        return engine.unregisterStreamProcessing(CHANNEL, TOPIC, registration);
    }
}
