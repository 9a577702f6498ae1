package io.jobtail.transport.http.internal;

/**
 * Recognises the JDK client's report that a connection ended before a single byte of the reply
 * arrived: on a kept-alive connection, the server had closed it before reading the request.
 *
 * <p>The JDK marks a reused connection failing this way with its internal
 * {@code ConnectionExpiredException} ({@code jdk.internal.net.http}, not exported), but it resends
 * only idempotent methods and, for a POST, strips that marker and fails with its cause, an
 * {@code IOException} "HTTP/1.1 header parser received no bytes" (JDK 17 to 25). So both are
 * matched: the class by its simple name, the cause by its message. {@code StaleConnectionTest}
 * pins the behaviour against the running JDK. Stateless.
 */
public final class StaleConnections {
    static final String EXPIRED = "ConnectionExpiredException";
    static final String NO_BYTES = "header parser received no bytes";
    private static final int MAX_DEPTH = 16;

    private StaleConnections() {
    }

    /** True if {@code failure} or one of its causes says the connection closed before any reply byte. */
    public static boolean isStale(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (EXPIRED.equals(t.getClass().getSimpleName())
                    || (t.getMessage() != null && t.getMessage().contains(NO_BYTES))) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }
}
