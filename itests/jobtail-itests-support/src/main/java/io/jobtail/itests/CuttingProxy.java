package io.jobtail.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that cuts connections: put it between a site (and so its jobs, which learn
 * the server's URL from the site) and the server to test that streams survive broken connections.
 * A cut resets both sockets (SO_LINGER 0, so the peers see a reset, not a clean end). Two rules
 * decide when:
 *
 * <ul>
 *   <li>{@link #start(String, long, long, long, int) At random}: every accepted connection gets a
 *   random byte budget per direction (uniform in {@code [1, 2 × mean]}, a mean per direction, from
 *   one {@link java.util.Random} seeded by the caller, so a failing run names its seed) and is cut
 *   when a direction has forwarded its budget. A budget can run out in the middle of a request (the
 *   server gets half a body) or of a reply (the sender never learns that the server stored its
 *   chunk), which are the two cases a resuming sender must get right. Which connection gets which
 *   budget depends on thread timing, so a seed reproduces the budgets, not the exact run.
 *   <li>{@link #cutFirstReply(String, String, String, int) Once, on a marked reply}: the connection
 *   carrying the first reply that contains a reply marker and answers a request containing a
 *   request marker is cut instead of forwarding that reply's last read; then nothing more is cut.
 *   For losing one chosen reply, such as a job hand-out, after the server sent it.
 * </ul>
 *
 * <p>Rules cut only while {@link #cutting(boolean) cutting} is on (it starts off), so kept-alive
 * connections opened before it are cut too; while it is off, bytes pass untouched.
 *
 * <p>Threads: one accept thread and two pump threads per connection pair; at most
 * {@code maxPairs} pairs are open at once, further connections are reset at once (one more
 * fault). The proxy forwards to loopback only. {@link #close} stops accepting, resets every pair
 * and joins every thread (at most 5 s each); idempotent.
 */
public final class CuttingProxy implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;
    private static final long JOIN_MILLIS = 5_000;

    private final InetSocketAddress target;
    private final CutRule rule;
    private final int maxPairs;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean cutting;
    private volatile boolean closed;

    private CuttingProxy(InetSocketAddress target, CutRule rule, int maxPairs) throws IOException {
        this.target = target;
        this.rule = rule;
        this.maxPairs = maxPairs;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "cutting-proxy-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Starts a proxy on an ephemeral loopback port forwarding to {@code targetUrl}'s host and port
     * ({@code http://127.0.0.1:PORT}). Cutting starts off.
     *
     * <p>Keep {@code meanUp} well above the largest request (a sender's chunk): a request longer than
     * twice the mean can never pass, and a sender that resends the same chunk whole would never
     * get through.
     *
     * @param seed     seeds the byte budgets
     * @param meanUp   the mean bytes a connection forwards to the server before it is cut
     * @param meanDown the mean bytes a connection forwards back to the client before it is cut
     * @param maxPairs the most connection pairs open at once
     */
    public static CuttingProxy start(String targetUrl, long seed, long meanUp, long meanDown, int maxPairs)
            throws IOException {
        return start(targetUrl, new RandomBudgets(seed, meanUp, meanDown), maxPairs);
    }

    /**
     * Starts a proxy on an ephemeral loopback port forwarding to {@code targetUrl}'s host and port
     * that cuts the connection carrying the first reply whose bytes contain {@code replyMarker} and
     * which answers a request whose bytes contain {@code requestMarker} (both as UTF-8, each found
     * also across reads), once; every other byte passes. Cutting starts off.
     *
     * <p>The client must send one request at a time on a connection and wait for its reply (HTTP/1.1
     * without pipelining): the proxy takes client bytes that follow server bytes as a new request.
     *
     * @param maxPairs the most connection pairs open at once
     */
    public static CuttingProxy cutFirstReply(String targetUrl, String requestMarker, String replyMarker, int maxPairs)
            throws IOException {
        return start(targetUrl, new FirstReplyCut(requestMarker.getBytes(StandardCharsets.UTF_8),
                replyMarker.getBytes(StandardCharsets.UTF_8)), maxPairs);
    }

    private static CuttingProxy start(String targetUrl, CutRule rule, int maxPairs) throws IOException {
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs < 1: " + maxPairs);
        }
        URI uri = URI.create(targetUrl);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("the proxy's target needs a host and a port: " + targetUrl);
        }
        if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the proxy forwards to loopback only, not " + targetUrl);
        }
        CuttingProxy proxy = new CuttingProxy(new InetSocketAddress(uri.getHost(), uri.getPort()), rule, maxPairs);
        proxy.acceptor.start();
        return proxy;
    }

    /** The proxy's base URL, to give a site instead of the server's. */
    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Turns cutting on or off. */
    public void cutting(boolean on) {
        cutting = on;
    }

    /** Connections cut by the rule so far (not those reset for other reasons). */
    public int cuts() {
        return cuts.get();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections reset at once because {@code maxPairs} were open. */
    public int refused() {
        return refused.get();
    }

    /** Bytes forwarded, both directions. */
    public long forwarded() {
        return forwarded.get();
    }

    @Override
    public String toString() {
        return "CuttingProxy " + url() + " -> " + target + ": " + accepted() + " connections, " + cuts() + " cut, "
                + refused() + " refused, " + forwarded() + " bytes forwarded";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (pairs.size() >= maxPairs) {
                refused.incrementAndGet();
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(target, 5_000);
            } catch (IOException e) {
                reset(client);
                closeQuietly(server);
                continue;
            }
            Pair pair = new Pair(client, server, rule.newConnection());
            pairs.add(pair);
            synchronized (threads) {
                if (closed) {
                    pair.cut(false);
                    return;
                }
                threads.removeIf(t -> !t.isAlive());
                threads.add(pair.pump(client, server, true));
                threads.add(pair.pump(server, client, false));
            }
        }
    }

    /** One client connection and its connection to the server. */
    private final class Pair {
        private final Socket client;
        private final Socket server;
        private final CutRule.ConnectionCut connectionCut;
        /** Directions that ended cleanly; guarded by this. */
        private int halfClosed;
        private boolean done;

        Pair(Socket client, Socket server, CutRule.ConnectionCut connectionCut) {
            this.client = client;
            this.server = server;
            this.connectionCut = connectionCut;
        }

        Thread pump(Socket from, Socket to, boolean up) {
            Thread t = new Thread(() -> copy(from, to, up), "cutting-proxy-" + (up ? "up" : "down"));
            t.setDaemon(true);
            t.start();
            return t;
        }

        private void copy(Socket from, Socket to, boolean up) {
            byte[] buffer = new byte[BUFFER];
            // not try-with-resources: closing a socket's stream closes the socket, and the other
            // direction may still be busy after this one ended cleanly
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    int allowed = connectionCut.forward(up, buffer, n, cutting);
                    out.write(buffer, 0, allowed);
                    out.flush();
                    forwarded.addAndGet(allowed);
                    if (allowed < n) {
                        cut(true);
                        return;
                    }
                }
                // a clean end on one side: pass it on as a half-close; the second one ends the pair
                to.shutdownOutput();
                boolean both;
                synchronized (this) {
                    both = ++halfClosed == 2;
                }
                if (both) {
                    cut(false);
                }
            } catch (IOException e) {
                // the other pump cut the pair, or a peer went away: end both sides
                cut(false);
            }
        }

        void cut(boolean byRule) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            if (byRule) {
                cuts.incrementAndGet();
            }
            reset(client);
            reset(server);
            pairs.remove(this);
        }
    }

    /** Closes with SO_LINGER 0: the peer sees a connection reset. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Stops accepting, resets every open pair and joins the proxy's threads; idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing left to do
        }
        pairs.forEach(p -> p.cut(false));
        List<Thread> all;
        synchronized (threads) {
            all = new ArrayList<>(threads);
        }
        all.add(acceptor);
        for (Thread t : all) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
