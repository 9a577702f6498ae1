package io.jobtail.transport.http.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK server's JVM-wide settings we can still influence.
 *
 * <p>{@code sun.net.httpserver.ServerConfig} reads its {@code sun.net.httpserver.*} system
 * properties once, when the first server of the JVM starts. So the idle connection timeout is
 * set here only if nobody set the property, before our first server starts; a later, different
 * value is reported, not silently dropped. Thread-safe.
 */
public final class JdkServerProperties {
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    private static final Logger LOG = LoggerFactory.getLogger(JdkServerProperties.class);

    private JdkServerProperties() {
    }

    /** Asks for an idle timeout (whole seconds, rounded up) for every JDK HTTP server in this JVM. */
    public static synchronized void requestIdleTimeout(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        String current = System.getProperty(IDLE_INTERVAL);
        if (current == null) {
            System.setProperty(IDLE_INTERVAL, Long.toString(seconds));
        } else if (!current.strip().equals(Long.toString(seconds))) {
            LOG.warn("idleConnectionTimeout {}s ignored: {} is already {} for this JVM and the JDK reads it only once",
                    seconds, IDLE_INTERVAL, current);
        }
    }
}
