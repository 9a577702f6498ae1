package io.jobtail.transport.http.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK server's JVM-wide settings we can still influence.
 *
 * <p>{@code sun.net.httpserver.ServerConfig} reads its {@code sun.net.httpserver.*} system
 * properties once, when the first server of the JVM is created (they become static finals of
 * {@code ServerImpl}). So each setting is put here only if nobody set the property, before our
 * first server is created; a later, different value is reported, not silently dropped. A
 * {@code -D} flag on the command line always wins. Thread-safe.
 *
 * <p>What we set, and why:
 * <ul>
 *   <li>{@code idleInterval}: the idle keep-alive timeout, from the options;
 *   <li>{@code maxIdleConnections}: the JDK's default is 200. Past it the server <em>closes a
 *       kept-alive connection right after replying</em>, without {@code Connection: close}, so the
 *       client's next request on it fails before any reply byte ("header parser received no
 *       bytes"). Every stream holds one connection, so past ~200 streams they kept reconnecting
 *       and failing requests; we raise it to the options' bound;
 *   <li>{@code nodelay}: {@code TCP_NODELAY} on accepted sockets. A reply with a body is written
 *       as headers, then body; with Nagle's algorithm the body waits for the client's delayed
 *       ACK of the headers (up to 40 ms on Linux).
 * </ul>
 */
public final class JdkServerProperties {
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final Logger LOG = LoggerFactory.getLogger(JdkServerProperties.class);

    private JdkServerProperties() {
    }

    /**
     * Asks for these settings for every JDK HTTP server in this JVM; call before creating one.
     *
     * @param idleTimeout the idle keep-alive timeout (whole seconds, rounded up)
     * @param maxIdleConnections how many kept-alive connections may wait for their next request
     */
    public static synchronized void request(Duration idleTimeout, int maxIdleConnections) {
        long seconds = Math.max(1, (idleTimeout.toMillis() + 999) / 1000);
        request(IDLE_INTERVAL, Long.toString(seconds), "idleConnectionTimeout " + seconds + "s");
        request(MAX_IDLE_CONNECTIONS, Integer.toString(maxIdleConnections), "maxIdleConnections " + maxIdleConnections);
        request(NO_DELAY, "true", "TCP_NODELAY on server sockets");
    }

    private static void request(String property, String value, String what) {
        String current = System.getProperty(property);
        if (current == null) {
            System.setProperty(property, value);
        } else if (!current.strip().equals(value)) {
            LOG.warn("{} ignored: {} is already {} for this JVM and the JDK reads it only once", what, property, current);
        }
    }
}
