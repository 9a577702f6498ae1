package io.jobtail.transport.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of an {@link HttpMessageServer} (and the reply limit of an {@link HttpMessenger}).
 *
 * <p>Immutable; the {@code with…} methods return a validated copy and throw
 * {@link IllegalArgumentException} carrying the bad value ({@code "maxBodyBytes <= 0: -1"}).
 * Start from {@link #defaults()}.
 *
 * <p>Which limits the JDK server lets us apply per server and which are JVM-wide is spelled out
 * on {@link HttpMessageServer}.
 */
public final class HttpTransportOptions {
    /** 8 MiB: a log chunk plus room; bodies are held in memory while handled. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** 64 KiB of {@code Jobtail-Headers} JSON. */
    public static final int DEFAULT_MAX_HEADERS_BYTES = 64 * 1024;
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(30);
    /** The JDK server's own default ({@code sun.net.httpserver.idleInterval}, 30 s). */
    public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_EXECUTOR_THREADS = 8;
    /**
     * 2,048 kept-alive connections waiting for their next request (the JDK's own default is 200):
     * twice the 1,000 streams one server is sized for, as every stream holds one. A kept
     * connection costs the server a socket and about 20 KiB of heap (BENCHMARKS.md), so this bounds
     * them to about 40 MiB.
     */
    public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 2048;

    private static final HttpTransportOptions DEFAULTS = new HttpTransportOptions(DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_HEADERS_BYTES, DEFAULT_REQUEST_READ_TIMEOUT, DEFAULT_IDLE_CONNECTION_TIMEOUT,
            DEFAULT_EXECUTOR_THREADS, DEFAULT_MAX_IDLE_CONNECTIONS);

    private final int maxBodyBytes;
    private final int maxHeadersBytes;
    private final Duration requestReadTimeout;
    private final Duration idleConnectionTimeout;
    private final int executorThreads;
    private final int maxIdleConnections;

    private HttpTransportOptions(int maxBodyBytes, int maxHeadersBytes, Duration requestReadTimeout,
            Duration idleConnectionTimeout, int executorThreads, int maxIdleConnections) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxHeadersBytes = maxHeadersBytes;
        this.requestReadTimeout = requestReadTimeout;
        this.idleConnectionTimeout = idleConnectionTimeout;
        this.executorThreads = executorThreads;
        this.maxIdleConnections = maxIdleConnections;
    }

    public static HttpTransportOptions defaults() {
        return DEFAULTS;
    }

    /** The largest request body the server reads, and the largest reply body the client reads. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The longest {@code Jobtail-Headers} value accepted, in characters (the value is ASCII). */
    public int maxHeadersBytes() {
        return maxHeadersBytes;
    }

    /**
     * How long the server waits on a client while reading one request (TLS handshake, request
     * line, headers and body) and again while writing its reply; a connection that stalls longer
     * is closed. Handler time does not count.
     */
    public Duration requestReadTimeout() {
        return requestReadTimeout;
    }

    /** How long a kept-alive connection may sit idle before the server closes it (JVM-wide, see class doc). */
    public Duration idleConnectionTimeout() {
        return idleConnectionTimeout;
    }

    /** Worker threads of the executor the server creates when none is passed in. */
    public int executorThreads() {
        return executorThreads;
    }

    /**
     * How many kept-alive connections may wait for their next request (JVM-wide, see class doc).
     * Past it the JDK server closes a connection once it has replied, and the client's next
     * request on it must go out again on a new one.
     */
    public int maxIdleConnections() {
        return maxIdleConnections;
    }

    public HttpTransportOptions withMaxBodyBytes(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxBodyBytes <= 0: " + value);
        }
        // byte[] bodies: stay clear of the VM's array size limit.
        if (value > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBodyBytes > " + (Integer.MAX_VALUE - 16) + ": " + value);
        }
        return new HttpTransportOptions(value, maxHeadersBytes, requestReadTimeout, idleConnectionTimeout,
                executorThreads, maxIdleConnections);
    }

    public HttpTransportOptions withMaxHeadersBytes(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxHeadersBytes <= 0: " + value);
        }
        return new HttpTransportOptions(maxBodyBytes, value, requestReadTimeout, idleConnectionTimeout,
                executorThreads, maxIdleConnections);
    }

    public HttpTransportOptions withRequestReadTimeout(Duration value) {
        return new HttpTransportOptions(maxBodyBytes, maxHeadersBytes, positive("requestReadTimeout", value),
                idleConnectionTimeout, executorThreads, maxIdleConnections);
    }

    /** @param value at least one second: the JDK counts this in whole seconds */
    public HttpTransportOptions withIdleConnectionTimeout(Duration value) {
        positive("idleConnectionTimeout", value);
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("idleConnectionTimeout < 1s: " + value);
        }
        return new HttpTransportOptions(maxBodyBytes, maxHeadersBytes, requestReadTimeout, value,
                executorThreads, maxIdleConnections);
    }

    public HttpTransportOptions withExecutorThreads(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("executorThreads <= 0: " + value);
        }
        return new HttpTransportOptions(maxBodyBytes, maxHeadersBytes, requestReadTimeout, idleConnectionTimeout,
                value, maxIdleConnections);
    }

    /** @param value how many kept-alive connections may be idle at once (JVM-wide, see class doc) */
    public HttpTransportOptions withMaxIdleConnections(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("maxIdleConnections <= 0: " + value);
        }
        return new HttpTransportOptions(maxBodyBytes, maxHeadersBytes, requestReadTimeout, idleConnectionTimeout,
                executorThreads, value);
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " <= 0: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "HttpTransportOptions{maxBodyBytes=" + maxBodyBytes + ", maxHeadersBytes=" + maxHeadersBytes
                + ", requestReadTimeout=" + requestReadTimeout + ", idleConnectionTimeout=" + idleConnectionTimeout
                + ", executorThreads=" + executorThreads + ", maxIdleConnections=" + maxIdleConnections + "}";
    }
}
