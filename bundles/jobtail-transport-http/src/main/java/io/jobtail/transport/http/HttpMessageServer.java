package io.jobtail.transport.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jobtail.api.Names;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.transport.http.internal.IoDeadlines;
import io.jobtail.transport.http.internal.JdkServerProperties;
import io.jobtail.transport.http.internal.MessageEndpoint;
import io.jobtail.transport.http.internal.PeerAuthentication;
import io.jobtail.transport.http.internal.Router;
import io.jobtail.transport.http.internal.Wire;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the HTTP transport, and the {@link Messenger} of the server process itself.
 *
 * <p><b>Requests.</b> {@code POST /v1/messages/{channel}/{topic}} is authenticated (bearer token
 * or verified client certificate), validated, and handed to the handler registered for the
 * channel and topic with a {@link Peer} whose site comes from the credential alone, never from the
 * URL or the message. Refusals: 401 bad or missing credential, 400 malformed request (the body
 * says what), 413 body over the limit, 404 no handler (labelled with {@code Jobtail-Headers} so a
 * client can tell it from a wrong URL). A handler's exception becomes a 200 reply with
 * {@link ReturnCode#EXECUTION_EXCEPTION}. {@link #addRoute} serves more paths on the same port,
 * behind the same authentication.
 *
 * <p><b>In-process.</b> {@link #request} to {@code server} or {@code server_parent} calls the local
 * handler on the calling thread with {@code Peer("server", jobId)}; the timeout is not enforced
 * there, as no transport stands between the two. Other targets are unreachable from here.
 *
 * <p><b>Threads.</b> The JDK server multiplexes connections on one selector thread, so an idle
 * kept-alive connection costs no thread. Requests run on a bounded executor: the server's own
 * ({@link HttpTransportOptions#executorThreads()} daemon threads) or one passed in (not shut down
 * on close). One scheduler thread enforces the I/O deadlines. Handlers may run concurrently.
 *
 * <p><b>What is per server and what is JVM-wide.</b> Per server: body size (checked on
 * {@code Content-Length} first, and the read itself is bounded, for chunked bodies too), the
 * {@code Jobtail-Headers} length, the executor, and {@link HttpTransportOptions#requestReadTimeout()}:
 * a worker is interrupted (which closes a blocking channel) if reading a request's TLS handshake,
 * line, headers or body, or writing its reply, stalls past it. The JDK's
 * {@code sun.net.httpserver.*} properties are read once per JVM, when its first server starts; of
 * those, {@link HttpTransportOptions#idleConnectionTimeout()} sets {@code idleInterval} if nobody
 * set it before (a conflicting later value is logged and ignored, and if another library started a
 * JDK server first, it has no effect at all); {@link HttpTransportOptions#maxIdleConnections()}
 * sets {@code maxIdleConnections} the same way (the JDK's 200 made every stream past the 200th
 * reconnect after each request), and {@code nodelay} is set to true (see
 * {@code JdkServerProperties}). Left JVM-wide and at the JDK's defaults:
 * {@code maxReqHeaders} (200 headers; the JDK has no
 * total header size limit in 17, so the {@code Jobtail-Headers} limit is checked after the JDK
 * read the header), {@code maxReqTime}/{@code maxRspTime} (off; they would also count handler time).
 *
 * <p>{@link #close()} is idempotent; it stops accepting, closes open connections and stops the
 * threads this server owns.
 */
public final class HttpMessageServer implements Messenger, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpMessageServer.class);
    /** The site name of requests the server process sends itself. */
    public static final String SERVER_PEER = "server";

    private final HttpServer server;
    private final Router router;
    private final ExecutorService ownedExecutor;
    private final ScheduledThreadPoolExecutor deadlineScheduler;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final URI uri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpMessageServer(Builder b) throws IOException {
        HttpTransportOptions options = b.options;
        // Load Jackson now, not inside the first request's read deadline.
        Wire.decodeHeaders(Wire.encodeHeaders(Map.of("rc", "OK")));
        JdkServerProperties.request(options.idleConnectionTimeout(), options.maxIdleConnections());
        InetSocketAddress bind = new InetSocketAddress(b.bindAddress, b.port);
        if (b.sslContext != null) {
            HttpsServer https = HttpsServer.create(bind, 0);
            boolean wantCertificates = b.clientCertificates;
            https.setHttpsConfigurator(new HttpsConfigurator(b.sslContext) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    // "Want", not "need": token-holding clients without a certificate still get in.
                    p.setWantClientAuth(wantCertificates);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(bind, 0);
        }
        int port = server.getAddress().getPort();

        router = new Router(new PeerAuthentication(b.tokens, b.clientCertificates));
        router.add("/v1/messages", new MessageEndpoint(this::handlerFor, options));
        server.createContext("/", router);

        deadlineScheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("jobtail-http-" + port + "-deadlines"));
        deadlineScheduler.setRemoveOnCancelPolicy(true);
        Executor workers = b.executor;
        if (workers == null) {
            ownedExecutor = new ThreadPoolExecutor(options.executorThreads(), options.executorThreads(),
                    0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads("jobtail-http-" + port + "-worker"));
            workers = ownedExecutor;
        } else {
            ownedExecutor = null;
        }
        server.setExecutor(new IoDeadlines(deadlineScheduler, options.requestReadTimeout()).wrap(workers));

        InetAddress host = server.getAddress().getAddress();
        if (host.isAnyLocalAddress()) {
            host = InetAddress.getLoopbackAddress();
        }
        String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        uri = URI.create((b.sslContext != null ? "https" : "http") + "://" + literal + ":" + port);
        server.start();
        LOG.info("Jobtail message server listening on {} ({})", uri, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI clients use, e.g. {@code http://127.0.0.1:41234}; loopback when bound to all addresses. */
    public URI uri() {
        return uri;
    }

    /** The bound port (the ephemeral one when built with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Serves {@code pathPrefix} and everything below it with {@code handler}, after authentication.
     * The longest matching prefix wins; {@code /v1/messages} is taken.
     *
     * @throws IllegalArgumentException for a malformed or taken prefix
     */
    public void addRoute(String pathPrefix, RouteHandler handler) {
        router.add(pathPrefix, handler);
    }

    @Override
    public Message request(Destination destination, Message request, Duration timeout)
            throws MessengerException, InterruptedException {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sending to " + destination);
        }
        if (closed.get()) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR,
                    "the server messenger at " + uri + " is closed; cannot send to " + destination);
        }
        String target = destination.target();
        if (!Destination.SERVER.equals(target) && !Destination.SERVER_PARENT.equals(target)) {
            throw new MessengerException(ReturnCode.COMMUNICATION_ERROR, "the server process cannot reach target "
                    + Names.quote(target) + ": over HTTP only sites call the server, never the reverse");
        }
        MessageHandler handler = handlerFor(destination.channel(), destination.topic());
        if (handler == null) {
            return Message.reply(ReturnCode.NO_HANDLER,
                    "no handler registered for " + destination.channel() + "/" + destination.topic());
        }
        return MessageEndpoint.call(handler, new Peer(SERVER_PEER, destination.jobId()), destination.channel(),
                destination.topic(), request);
    }

    /**
     * @throws IllegalArgumentException if the channel or topic is not a safe name (it could never
     *     be addressed over HTTP)
     */
    @Override
    public void register(String channel, String topic, MessageHandler handler) {
        Objects.requireNonNull(handler, "handler");
        handlers.put(key(channel, topic), handler);
    }

    @Override
    public void unregister(String channel, String topic) {
        handlers.remove(key(channel, topic));
    }

    private MessageHandler handlerFor(String channel, String topic) {
        return handlers.get(channel + "/" + topic);
    }

    private static String key(String channel, String topic) {
        // Safe names hold no '/', so the key is unambiguous.
        return Names.requireSafe("channel", channel) + "/" + Names.requireSafe("topic", topic);
    }

    /** Stops the server, closing its connections, and the threads it owns. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                if (!ownedExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
                    ownedExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownedExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        deadlineScheduler.shutdownNow();
        LOG.info("Jobtail message server at {} closed", uri);
    }

    @Override
    public String toString() {
        return "HttpMessageServer[" + uri + "]";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Configures an {@link HttpMessageServer}. Not thread-safe; start once. */
    public static final class Builder {
        private TokenAuthenticator tokens;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private HttpTransportOptions options = HttpTransportOptions.defaults();
        private SSLContext sslContext;
        private boolean clientCertificates;
        private Executor executor;

        private Builder() {
        }

        /** Accept bearer tokens checked by {@code value} (for example {@link SiteTokens#load}). */
        public Builder tokens(TokenAuthenticator value) {
            this.tokens = Objects.requireNonNull(value, "tokens");
            return this;
        }

        /** Default: the loopback address. */
        public Builder bindAddress(InetAddress value) {
            this.bindAddress = Objects.requireNonNull(value, "bindAddress");
            return this;
        }

        /** Default 0: an ephemeral port, see {@link HttpMessageServer#port()}. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port not in 0..65535: " + value);
            }
            this.port = value;
            return this;
        }

        public Builder options(HttpTransportOptions value) {
            this.options = Objects.requireNonNull(value, "options");
            return this;
        }

        /** Serve https with this context (its key managers hold the server certificate). */
        public Builder tls(SSLContext value) {
            this.sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /**
         * Ask clients for a certificate; one the context's trust managers verify authenticates its
         * subject's CN as the site name. Needs {@link #tls}.
         */
        public Builder clientCertificates(boolean value) {
            this.clientCertificates = value;
            return this;
        }

        /** Run requests on this executor instead of an owned one; it is not shut down on close. */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws IllegalStateException if no credential could ever be accepted
         * @throws IOException if the address cannot be bound
         */
        public HttpMessageServer start() throws IOException {
            if (clientCertificates && sslContext == null) {
                throw new IllegalStateException("client certificates need tls(SSLContext)");
            }
            if (tokens == null && !clientCertificates) {
                throw new IllegalStateException("no way to authenticate: give tokens(...) or enable client certificates");
            }
            return new HttpMessageServer(this);
        }
    }
}
