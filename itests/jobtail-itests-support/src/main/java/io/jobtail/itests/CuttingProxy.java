package io.jobtail.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that cuts connections at random: put it between a site (and so its jobs,
 * which learn the server's URL from the site) and the server to test that streams survive
 * broken connections.
 *
 * <p>Every accepted connection gets a random byte budget per direction (uniform in {@code [1, 2 × mean]}, a mean per direction, from one {@link Random} seeded by the
 * caller, so a failing run names its seed); when a direction has forwarded its budget the proxy
 * resets both sockets (SO_LINGER 0, so the peers see a reset, not a clean end). Budgets are
 * spent only while {@link #cutting(boolean) cutting} is on, so kept-alive connections opened
 * before it are cut too. A budget can run
 * out in the middle of a request (the server gets half a body) or of a reply (the sender never
 * learns that the server stored its chunk), which are the two cases a resuming sender must get
 * right. While cutting is off, bytes pass untouched. Which connection gets which budget depends
 * on thread timing, so a seed reproduces the budgets, not the exact run.
 *
 * <p>Threads: one accept thread and two pump threads per connection pair; at most
 * {@code maxPairs} pairs are open at once, further connections are reset at once (one more
 * fault). {@link #close} stops accepting, resets every pair and joins every thread; idempotent.
 */
public final class CuttingProxy implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;
    private static final long JOIN_MILLIS = 5_000;

    private final InetSocketAddress target;
    private final long meanUp;
    private final long meanDown;
    private final int maxPairs;
    private final ServerSocket listener;
    private final Thread acceptor;
    /** Guarded by itself: the one source of budgets. */
    private final Random random;
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean cutting;
    private volatile boolean closed;

    private CuttingProxy(InetSocketAddress target, long seed, long meanUp, long meanDown, int maxPairs) throws IOException {
        if (meanUp < 1 || meanDown < 1) {
            throw new IllegalArgumentException("mean bytes before a cut < 1: up " + meanUp + ", down " + meanDown);
        }
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs < 1: " + maxPairs);
        }
        this.target = target;
        this.meanUp = meanUp;
        this.meanDown = meanDown;
        this.maxPairs = maxPairs;
        this.random = new Random(seed);
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
        java.net.URI uri = java.net.URI.create(targetUrl);
        CuttingProxy proxy = new CuttingProxy(new InetSocketAddress(uri.getHost(), uri.getPort()), seed, meanUp, meanDown,
                maxPairs);
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

    /** Connections cut by their budget so far. */
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
            long up;
            long down;
            synchronized (random) {
                up = 1 + (long) (random.nextDouble() * 2 * meanUp);
                down = 1 + (long) (random.nextDouble() * 2 * meanDown);
            }
            Pair pair = new Pair(client, server, up, down);
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
        /** Bytes each direction may still forward while cutting is on; guarded by this. */
        private long upBudget;
        private long downBudget;
        /** Directions that ended cleanly; guarded by this. */
        private int halfClosed;
        private boolean done;

        Pair(Socket client, Socket server, long upBudget, long downBudget) {
            this.client = client;
            this.server = server;
            this.upBudget = upBudget;
            this.downBudget = downBudget;
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
                    long allowed = n;
                    if (cutting) {
                        synchronized (this) {
                            allowed = Math.min(n, up ? upBudget : downBudget);
                            if (up) {
                                upBudget -= allowed;
                            } else {
                                downBudget -= allowed;
                            }
                        }
                    }
                    out.write(buffer, 0, (int) allowed);
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

        void cut(boolean byBudget) {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            if (byBudget) {
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
