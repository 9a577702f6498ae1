package io.jobtail.transport.http;

import io.jobtail.api.Names;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.transport.http.internal.ArrayBodyPublisher;
import io.jobtail.transport.http.internal.BoundedBodySubscriber;
import io.jobtail.transport.http.internal.StaleConnections;
import io.jobtail.transport.http.internal.Wire;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * The site and job side of the HTTP transport: sends each request as
 * {@code POST {base}/v1/messages/{channel}/{topic}} to an {@link HttpMessageServer}.
 *
 * <p>Send-only: a site has no handlers the server could call, so {@link #register} and
 * {@link #unregister} throw {@link UnsupportedOperationException}.
 *
 * <p>Thread-safe; one instance per server is meant to be shared. It holds one
 * {@link HttpClient} (HTTP/1.1, kept-alive connections, redirects never followed so the token
 * never travels elsewhere) with a single thread, its selector, which also completes the replies;
 * the thread ends once the messenger is unreachable, so there is nothing to close. The calling
 * thread starts the request and waits for the reply.
 *
 * <p><b>Stale connections.</b> A kept-alive connection that the server closed before reading the
 * next request (its idle timeout, or its idle-connection limit as the previous reply went out)
 * fails that request before a single byte of a reply arrives. The JDK client resends such a
 * request by itself only for idempotent methods, never for a POST; this messenger resends a
 * request that ended without any reply byte once, within the same time bound, and reports a
 * second failure as usual. A server that closes a connection in that window has not read the
 * request, so no handler ran. The other ways to lose a connection with no reply byte at all are a
 * server process that died while handling (the resend then finds nobody listening) and a handler
 * failing so badly that the server dropped the connection (our server turns handler exceptions
 * into replies), in which case the handler sees the request twice.
 *
 * <p>{@link #request} blocks for at most the timeout plus the connect timeout. Outcomes:
 * <ul>
 *   <li>200: the handler's reply;
 *   <li>400, 413: a {@link ReturnCode#BAD_REQUEST_DATA} reply carrying the server's reason;
 *   <li>404 from the message endpoint: a {@link ReturnCode#NO_HANDLER} reply;
 *   <li>401, 403: {@link MessengerException} with {@link ReturnCode#UNAUTHORIZED};
 *   <li>no reply in time: {@link MessengerException} with {@link ReturnCode#TIMEOUT};
 *   <li>anything else (refused, reset, connect timeout, 5xx, a reply that is not ours):
 *       {@link MessengerException} with {@link ReturnCode#COMMUNICATION_ERROR}, naming the URL.
 * </ul>
 */
public final class HttpMessenger implements Messenger {
    private static final int MAX_REASON_CHARS = 2000;

    private final HttpClient client;
    private final String base;
    private final String token;
    private final Duration connectTimeout;
    private final int maxReplyBytes;

    private HttpMessenger(Builder b) {
        this.base = b.base;
        this.token = b.token;
        this.connectTimeout = b.connectTimeout;
        this.maxReplyBytes = b.maxReplyBytes;
        HttpClient.Builder cb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(b.connectTimeout)
                // Complete replies on the client's selector thread instead of handing each one to a
                // pool thread that then wakes the caller: one thread switch less per message
                // (BENCHMARKS.md), and no pool that grows a thread per concurrent request. Safe
                // because nothing we run there blocks: the body subscriber only copies bytes and
                // the caller waits on the future, not in a dependent stage.
                .executor(Runnable::run);
        if (b.sslContext != null) {
            cb.sslContext(b.sslContext);
        }
        this.client = cb.build();
    }

    /** @param serverUri {@code http://host:port} or {@code https://host:port}, optionally with a base path */
    public static Builder builder(URI serverUri) {
        return new Builder(serverUri);
    }

    /** The server base this messenger sends to. */
    public URI serverUri() {
        return URI.create(base);
    }

    @Override
    public Message request(Destination destination, Message request, Duration timeout)
            throws MessengerException, InterruptedException {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        // These become a URL path and headers: never build either from an unchecked string.
        String problem = problem("channel", destination.channel());
        problem = problem != null ? problem : problem("topic", destination.topic());
        problem = problem != null ? problem : problem("target", destination.target());
        if (problem == null && destination.jobId() != null) {
            problem = problem("job id", destination.jobId());
        }
        if (problem != null) {
            return Message.reply(ReturnCode.BAD_REQUEST_DATA, problem);
        }

        URI uri = URI.create(base + Wire.MESSAGES_PATH + destination.channel() + "/" + destination.topic());
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", Wire.OCTET_STREAM)
                .header(Wire.TARGET, destination.target())
                .header(Wire.HEADERS, Wire.encodeHeaders(request.headers()))
                .POST(ArrayBodyPublisher.of(request.body()));
        if (destination.jobId() != null) {
            rb.header(Wire.JOB, destination.jobId());
        }
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }

        HttpResponse<byte[]> response = send(rb.build(), uri, timeout);
        return toReply(response, uri);
    }

    private HttpResponse<byte[]> send(HttpRequest httpRequest, URI uri, Duration timeout)
            throws MessengerException, InterruptedException {
        // The request timeout only covers waiting for the reply's headers; the body subscriber's
        // own deadline bounds the body too.
        long deadline = System.nanoTime() + saturatedNanos(timeout.plus(connectTimeout));
        boolean resent = false;
        while (true) {
            try {
                // send, not sendAsync: the JDK's public sendAsync adds a no-op stage on the
                // CompletableFuture default executor to every request, which with a common pool of
                // parallelism 1 (2 cores) starts a new thread per request (the profile in
                // BENCHMARKS.md: 266 threads for 256 messages); send waits for the same future
                // without that stage.
                return client.send(httpRequest, BoundedBodySubscriber.handler(maxReplyBytes, deadline));
            } catch (IOException e) {
                if (!resent && StaleConnections.isStale(e) && deadline - System.nanoTime() > 0) {
                    // The server had closed the kept-alive connection before reading this request
                    // (its idle timeout, or its idle-connection limit): send it once more.
                    resent = true;
                    continue;
                }
                throw failure(e, uri, timeout);
            }
        }
    }

    private static MessengerException failure(Throwable cause, URI uri, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            // Unreachable rather than slow: the destination was never reached.
            return new MessengerException(ReturnCode.COMMUNICATION_ERROR,
                    "cannot connect to " + uri + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof HttpTimeoutException || causedBy(cause, TimeoutException.class)) {
            return new MessengerException(ReturnCode.TIMEOUT,
                    "no reply from POST " + uri + " within " + timeout, cause);
        }
        String what = cause instanceof IOException ? "POST " + uri + " failed: " : "POST " + uri + " failed unexpectedly: ";
        return new MessengerException(ReturnCode.COMMUNICATION_ERROR, what + cause, cause);
    }

    private Message toReply(HttpResponse<byte[]> response, URI uri) throws MessengerException {
        int status = response.statusCode();
        byte[] body = response.body();
        if (body == null) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR, "reply from " + uri + " announces "
                    + response.headers().firstValue("Content-Length").orElse("?") + " bytes, over the limit of "
                    + maxReplyBytes);
        }
        switch (status) {
            case 200:
                return Message.of(replyHeaders(response, uri), body);
            case 400:
            case 413:
                return Message.reply(ReturnCode.BAD_REQUEST_DATA, reason(body, status));
            case 401:
            case 403:
                throw new MessengerException(ReturnCode.UNAUTHORIZED, reason(body, status));
            case 404:
                // Only our message endpoint labels its 404; any other one means a wrong base URL.
                if (response.headers().firstValue(Wire.HEADERS).isPresent()) {
                    Map<String, String> h = replyHeaders(response, uri);
                    String detail = h.getOrDefault(Message.DETAIL, reason(body, status));
                    return Message.reply(ReturnCode.NO_HANDLER, detail);
                }
                throw new MessengerException(ReturnCode.COMMUNICATION_ERROR,
                        "no Jobtail message endpoint at " + uri + " (404: " + reason(body, status) + ")");
            default:
                throw new MessengerException(ReturnCode.COMMUNICATION_ERROR,
                        "POST " + uri + " answered " + status + ": " + reason(body, status));
        }
    }

    private static Map<String, String> replyHeaders(HttpResponse<byte[]> response, URI uri) throws MessengerException {
        String json = response.headers().firstValue(Wire.HEADERS).orElse("{}");
        try {
            return Wire.decodeHeaders(json);
        } catch (IllegalArgumentException e) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR,
                    "malformed reply from " + uri + ": " + e.getMessage(), e);
        }
    }

    private static String reason(byte[] body, int status) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "HTTP " + status;
        }
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) + "…" : text;
    }

    private static String problem(String what, String value) {
        String problem = Names.problem(value);
        return problem == null ? null : what + " " + Names.quote(value) + " is not allowed: " + problem;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Sites only send: the server never calls a site. */
    @Override
    public void register(String channel, String topic, MessageHandler handler) {
        throw new UnsupportedOperationException("HttpMessenger only sends requests to " + base
                + "; it cannot receive, so handlers cannot be registered (channel " + channel + ", topic " + topic + ")");
    }

    /** Sites only send: there is nothing to unregister. */
    @Override
    public void unregister(String channel, String topic) {
        throw new UnsupportedOperationException("HttpMessenger only sends requests to " + base
                + "; it has no handlers to unregister (channel " + channel + ", topic " + topic + ")");
    }

    @Override
    public String toString() {
        return "HttpMessenger[" + base + "]";
    }

    /** Configures an {@link HttpMessenger}. Not thread-safe; build once. */
    public static final class Builder {
        private final String base;
        private String token;
        private SSLContext sslContext;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxReplyBytes = HttpTransportOptions.DEFAULT_MAX_BODY_BYTES;

        private Builder(URI serverUri) {
            Objects.requireNonNull(serverUri, "serverUri");
            String scheme = serverUri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("server URI must be http or https: " + serverUri);
            }
            if (serverUri.getHost() == null) {
                throw new IllegalArgumentException("server URI has no host: " + serverUri);
            }
            if (serverUri.getRawQuery() != null || serverUri.getRawFragment() != null) {
                throw new IllegalArgumentException("server URI must not have a query or fragment: " + serverUri);
            }
            String s = serverUri.toString();
            this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        }

        /** The bearer token; without one (and without a client certificate) the server answers 401. */
        public Builder token(String value) {
            Objects.requireNonNull(value, "token");
            if (value.isBlank() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("token must be one word of printable ASCII ("
                        + value.length() + " characters given)");
            }
            this.token = value;
            return this;
        }

        /**
         * Reads the bearer token from a file written by {@link SiteTokens#provision}, now: a
         * token issued later needs a new messenger.
         */
        public Builder tokenFile(Path file) throws IOException {
            return token(SiteTokens.readToken(file));
        }

        /** For https: whom to trust and, for client-certificate authentication, which key to present. */
        public Builder sslContext(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /** How long to wait for a connection; default 10 s. */
        public Builder connectTimeout(Duration value) {
            Objects.requireNonNull(value, "connectTimeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("connectTimeout <= 0: " + value);
            }
            this.connectTimeout = value;
            return this;
        }

        /** The largest reply body accepted; default {@link HttpTransportOptions#DEFAULT_MAX_BODY_BYTES}. */
        public Builder maxReplyBytes(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("maxReplyBytes <= 0: " + value);
            }
            this.maxReplyBytes = value;
            return this;
        }

        public HttpMessenger build() {
            return new HttpMessenger(this);
        }
    }
}
