package io.jobtail.transport.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.jobtail.api.Names;
import io.jobtail.transport.http.RouteHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one JDK handler: authenticates every request, then hands it to the route with the
 * longest matching path prefix.
 *
 * <p>Authentication comes first, for every path, so an unauthenticated client learns nothing,
 * not even which paths exist. The exchange is always closed here, whatever the route did.
 * Thread-safe: routes are an immutable list replaced under this object's lock.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private record Route(String prefix, RouteHandler handler) {
        boolean matches(String path) {
            return prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private final PeerAuthentication authentication;
    // Written under this, read without: each write publishes a new immutable list.
    private volatile List<Route> routes = List.of();

    public Router(PeerAuthentication authentication) {
        this.authentication = Objects.requireNonNull(authentication, "authentication");
    }

    /**
     * @param prefix {@code /} or a path without a trailing slash, made of safe names
     * @throws IllegalArgumentException for a malformed or already taken prefix, naming it
     */
    public synchronized void add(String prefix, RouteHandler handler) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(handler, "handler");
        if (!prefix.equals("/")) {
            if (!prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("route prefix must start and not end with '/': " + Names.quote(prefix));
            }
            for (String segment : prefix.substring(1).split("/", -1)) {
                if (!Names.isSafe(segment)) {
                    throw new IllegalArgumentException("route prefix " + Names.quote(prefix) + " has the segment "
                            + Names.quote(segment) + ": " + Names.problem(segment));
                }
            }
        }
        for (Route r : routes) {
            if (r.prefix().equals(prefix)) {
                throw new IllegalArgumentException("route prefix " + Names.quote(prefix) + " is already taken");
            }
        }
        List<Route> next = new ArrayList<>(routes);
        next.add(new Route(prefix, handler));
        next.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        routes = List.copyOf(next);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        try {
            PeerAuthentication.Result auth = authentication.authenticate(exchange);
            if (!auth.ok()) {
                LOG.info("refused {} {} from {}: {}", exchange.getRequestMethod(), path,
                        exchange.getRemoteAddress(), auth.failure());
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jobtail\"");
                Responses.text(exchange, 401, auth.failure());
                return;
            }
            Route route = find(path);
            if (route == null) {
                Responses.text(exchange, 404, "nothing is served at " + Names.quote(path));
                return;
            }
            // Reading the request is bounded; what a route does next is its own affair.
            if (!(route.handler() instanceof MessageEndpoint)) {
                IoDeadlines.current().disarm();
            }
            serve(route, auth.principal(), exchange, path);
        } catch (IOException e) {
            // The client went away or stalled past the deadline: nobody is left to tell.
            LOG.debug("{} {} from {} ended early: {}", exchange.getRequestMethod(), path,
                    exchange.getRemoteAddress(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private void serve(Route route, String principal, HttpExchange exchange, String path) throws IOException {
        try {
            route.handler().handle(principal, exchange);
        } catch (RuntimeException e) {
            LOG.warn("route {} failed on {} {} from {}", route.prefix(), exchange.getRequestMethod(), path,
                    principal, e);
            if (exchange.getResponseCode() == -1) {
                Responses.text(exchange, 500, "internal error: " + e);
            }
        }
    }

    private Route find(String path) {
        for (Route r : routes) {
            if (r.matches(path)) {
                return r;
            }
        }
        return null;
    }
}
