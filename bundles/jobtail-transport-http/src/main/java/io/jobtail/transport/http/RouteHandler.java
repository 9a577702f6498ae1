package io.jobtail.transport.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Serves an extra path on an {@link HttpMessageServer} (the reference launcher's query API).
 *
 * <p>Called on a server worker thread, only after the request was authenticated. The handler
 * reads the request and sends the whole response; the server closes the exchange afterwards. No
 * I/O deadline applies while it runs: a handler that reads a body or streams a response bounds
 * that itself. An exception before the response headers were sent becomes a 500.
 */
@FunctionalInterface
public interface RouteHandler {

    /**
     * @param principal the authenticated name (from the token or the client certificate)
     * @param exchange the request; the path starts with the route's prefix
     */
    void handle(String principal, HttpExchange exchange) throws IOException;
}
