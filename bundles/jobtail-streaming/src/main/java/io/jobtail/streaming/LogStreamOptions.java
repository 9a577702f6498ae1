package io.jobtail.streaming;

import io.jobtail.streaming.runner.RetryPolicy;
import io.jobtail.streaming.tail.FileWatcher;
import io.jobtail.streaming.time.Sleeper;
import io.jobtail.streaming.time.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * The sender's parameters for one log stream, checked when built. Immutable.
 *
 * <p>Defaults are the original's: poll 0.5 s, heartbeat after 10 s of silence, 5 s per request;
 * plus ours: retry for up to 60 s, and chunks of up to 1 MiB where the original reads 64 KiB. Why
 * the larger chunk: it is only the most one read takes (a lone line is still read and sent as
 * it is, and no buffer of that size is kept per stream), and with a backlog the sender batches
 * up to 1 MiB per message anyway ({@code ReadAhead}); reading it in one piece saves merging 16
 * pieces, one copy of every byte (BENCHMARKS.md, "Throughput"). Time and file events are
 * injectable so tests drive them by hand.
 */
public final class LogStreamOptions {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_LIVENESS_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;
    /**
     * The largest {@code chunk_size} accepted: 8 MiB, the same as the HTTP transport's default
     * request body limit ({@code HttpTransportOptions.DEFAULT_MAX_BODY_BYTES} in
     * jobtail-transport-http, which this module cannot depend on: keep the two equal). Why: one
     * read of up to {@code chunk_size} bytes goes out as the body of one DATA message, and a
     * server with the default limit answers a larger body with 413, which ends the stream (it is
     * not a failure that passes) the first time a backlog fills a read. Refused when the options
     * are built instead, naming the setting.
     */
    public static final int MAX_CHUNK_SIZE = 8 * 1024 * 1024;
    public static final Duration DEFAULT_CHUNK_TIMEOUT = Duration.ofSeconds(5);

    private final Duration pollInterval;
    private final Duration livenessInterval;
    private final Duration idleTimeout;
    private final int chunkSize;
    private final Duration chunkTimeout;
    private final RetryPolicy retryPolicy;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final FileWatcher fileWatcher;

    private LogStreamOptions(Builder b) {
        this.pollInterval = b.pollInterval;
        this.livenessInterval = b.livenessInterval;
        this.idleTimeout = b.idleTimeout;
        this.chunkSize = b.chunkSize;
        this.chunkTimeout = b.chunkTimeout;
        this.retryPolicy = b.retryPolicy;
        this.ticker = b.ticker;
        this.sleeper = b.sleeper;
        this.fileWatcher = b.fileWatcher != null ? b.fileWatcher : FileWatcher.events();
    }

    /**
     * Checks a {@code chunk_size} as {@link Builder#build} does, for code that parses configuration
     * and wants to refuse it there, before any options are built.
     *
     * @param bytes a long, so that a parser can pass on a number too large for an int and still get this message
     * @return {@code bytes}, which then fits an int
     * @throws IllegalArgumentException naming {@code chunk_size}, the value and, above
     *     {@link #MAX_CHUNK_SIZE}, the limit and why
     */
    public static int checkChunkSize(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("chunk_size must be a positive number of bytes, not " + bytes);
        }
        if (bytes > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk_size must be at most " + MAX_CHUNK_SIZE + " bytes (8 MiB), not "
                    + bytes + ": one read goes out as one DATA message, and the HTTP server refuses request"
                    + " bodies above 8 MiB by default");
        }
        return (int) bytes;
    }

    /** The defaults, with system time and file-system events. */
    public static LogStreamOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.pollInterval = pollInterval;
        b.livenessInterval = livenessInterval;
        b.idleTimeout = idleTimeout;
        b.chunkSize = chunkSize;
        b.chunkTimeout = chunkTimeout;
        b.retryPolicy = retryPolicy;
        b.ticker = ticker;
        b.sleeper = sleeper;
        b.fileWatcher = fileWatcher;
        return b;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration livenessInterval() {
        return livenessInterval;
    }

    /** The receiver's idle timeout when the sender knows it (for validation only), or null. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public Duration chunkTimeout() {
        return chunkTimeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    public Ticker ticker() {
        return ticker;
    }

    public Sleeper sleeper() {
        return sleeper;
    }

    public FileWatcher fileWatcher() {
        return fileWatcher;
    }

    /** Builds {@link LogStreamOptions}; not thread-safe. */
    public static final class Builder {
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration livenessInterval = DEFAULT_LIVENESS_INTERVAL;
        private Duration idleTimeout;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration chunkTimeout = DEFAULT_CHUNK_TIMEOUT;
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();
        private FileWatcher fileWatcher;

        private Builder() {
        }

        public Builder pollInterval(Duration v) {
            this.pollInterval = v;
            return this;
        }

        public Builder livenessInterval(Duration v) {
            this.livenessInterval = v;
            return this;
        }

        /** The receiver's idle timeout, if known: the liveness interval must be below it. 0 means none. */
        public Builder idleTimeout(Duration v) {
            this.idleTimeout = v;
            return this;
        }

        /** The most bytes one read of the log takes: 1 to {@value LogStreamOptions#MAX_CHUNK_SIZE}, checked by {@link #build}. */
        public Builder chunkSize(int v) {
            this.chunkSize = v;
            return this;
        }

        public Builder chunkTimeout(Duration v) {
            this.chunkTimeout = v;
            return this;
        }

        public Builder retryPolicy(RetryPolicy v) {
            this.retryPolicy = Objects.requireNonNull(v, "retryPolicy");
            return this;
        }

        public Builder ticker(Ticker v) {
            this.ticker = Objects.requireNonNull(v, "ticker");
            return this;
        }

        public Builder sleeper(Sleeper v) {
            this.sleeper = Objects.requireNonNull(v, "sleeper");
            return this;
        }

        /** How new data is noticed; file-system events by default. */
        public Builder fileWatcher(FileWatcher v) {
            this.fileWatcher = Objects.requireNonNull(v, "fileWatcher");
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException naming the parameter and its value
         */
        public LogStreamOptions build() {
            if (idleTimeout != null && idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idle_timeout must be 0 or more, not " + seconds(idleTimeout));
            }
            // Checked before everything else, as in the original: a sender that cannot keep the
            // receiver's idle clock from firing would have every quiet stream closed under it.
            if (idleTimeout != null && livenessInterval != null && !idleTimeout.isZero()
                    && livenessInterval.compareTo(idleTimeout) >= 0) {
                throw new IllegalArgumentException("liveness_interval (" + seconds(livenessInterval)
                        + ") must be less than idle_timeout (" + seconds(idleTimeout) + ")");
            }
            checkChunkSize(chunkSize);
            positive("chunk_timeout", chunkTimeout);
            positive("poll_interval", pollInterval);
            positive("liveness_interval", livenessInterval);
            return new LogStreamOptions(this);
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, not " + (d == null ? "null" : seconds(d)));
            }
        }

        private static String seconds(Duration d) {
            return (d.toNanos() / 1e9) + "s";
        }
    }
}
