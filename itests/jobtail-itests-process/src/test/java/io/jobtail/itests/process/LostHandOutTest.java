package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.JobtailCluster;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reply that hands a job to a site is lost: the site talks to the server through a proxy that
 * resets the connection carrying the first {@code jobs/next} reply with a job in it, after the
 * server sent it and before the site read it. The server must offer the job again once its
 * hand-out lease lapsed unconfirmed (2 s here, set in {@code server.json}), the site must run it
 * exactly once, and the job must end FINISHED_OK with its log byte-identical on the server.
 *
 * <p>The server's log receiver is configured with a relative {@code dest_dir}, so this also checks
 * that it stores under the server's workspace, not under the server process's working directory.
 */
class LostHandOutTest {
    private static final String SITE = "site-1";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;
    private JobtailCluster cluster;
    private HandOutCutter proxy;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void jobWhoseHandOutReplyIsLostIsOfferedAgainAndRunsExactlyOnce() throws Exception {
        cluster = JobtailCluster.create(root, List.of(SITE));
        cluster.serverConfig("{\"hand_out_lease_seconds\": 2, \"components\": [{\"id\": \"log_receiver\","
                + " \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": {\"dest_dir\": \"store\"}}]}");
        cluster.startServer();
        proxy = HandOutCutter.start(cluster.url());
        cluster.startSite(SITE, proxy.url());
        AdminApi admin = cluster.admin();

        String jobId = admin.submit(Jobs.sample("lost-hand-out", List.of(SITE), 2));
        String status = Jobs.awaitEnd(admin, jobId, WAIT);
        Jobs.awaitComplete(admin, jobId, SITE, "log.txt", WAIT);

        assertEquals(1, proxy.cuts(), "the proxy lost exactly one hand-out reply: " + proxy);
        assertEquals("FINISHED_OK", status);
        Path serverLog = cluster.serverWorkspace().resolve("server_logs").resolve(jobId).resolve("log.txt");
        String assigned = Files.readString(serverLog);
        assertEquals(1, count(assigned, "job assigned to site " + SITE), assigned);
        assertTrue(count(assigned, "job offered again to site " + SITE) >= 1, "the server offered the job again:\n" + assigned);
        String siteOut = Files.readString(cluster.root().resolve(SITE + ".out"));
        assertEquals(1, count(siteOut, "launching job " + jobId), "the site launched the job exactly once:\n" + siteOut);
        assertEquals(1, count(Files.readString(cluster.siteFile(jobId, SITE, "log.txt")), "sample job starting"),
                "one job process wrote the job's log");

        // dest_dir "store" is relative: the receiver must store under the server's workspace
        Path copy = cluster.serverCopy(jobId, SITE, "log.txt");
        assertTrue(Files.isRegularFile(copy), "the server copy is under the workspace: " + copy);
        LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, SITE, "log.txt"), copy);
        assertTrue(c.identical(), "log.txt: " + c.detail());
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * A loopback TCP proxy in front of the server that forwards everything, except that it resets
     * (both sides, SO_LINGER 0) the connection carrying the first {@code jobs/next} reply that hands
     * out a job, instead of forwarding that reply. The site's HTTP client sends one request at a
     * time on a connection, so the reply on a connection answers the request last seen on it.
     * Bounded: at most {@value #MAX_PAIRS} connection pairs at once; {@link #close} resets them all
     * and joins every thread it started. Idempotent close.
     */
    private static final class HandOutCutter implements AutoCloseable {
        private static final int MAX_PAIRS = 64;
        private static final byte[] NEXT_REQUEST = "POST /v1/messages/jobs/next ".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ANY_REQUEST = "POST /".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] JOB_ID = "\"job_id\"".getBytes(StandardCharsets.US_ASCII);

        private final InetSocketAddress target;
        private final ServerSocket listener;
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final AtomicInteger cuts = new AtomicInteger();
        private final AtomicInteger accepted = new AtomicInteger();
        /** Guarded by itself. */
        private final List<Socket> sockets = new ArrayList<>();
        /** Guarded by {@link #sockets}. */
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean closed;

        private HandOutCutter(InetSocketAddress target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        static HandOutCutter start(String serverUrl) throws IOException {
            URI uri = URI.create(serverUrl);
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("the proxy forwards to loopback only, not " + serverUrl);
            }
            HandOutCutter proxy = new HandOutCutter(new InetSocketAddress(uri.getHost(), uri.getPort()));
            proxy.spawn(proxy::acceptLoop, "hand-out-cutter-accept");
            return proxy;
        }

        String url() {
            return "http://127.0.0.1:" + listener.getLocalPort();
        }

        int cuts() {
            return cuts.get();
        }

        @Override
        public String toString() {
            return "proxy " + url() + " -> " + target + ": " + accepted.get() + " connections, " + cuts.get() + " cut";
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
                Socket server = new Socket();
                synchronized (sockets) {
                    sockets.removeIf(Socket::isClosed);
                    if (closed || sockets.size() >= 2 * MAX_PAIRS) {
                        reset(client);
                        continue;
                    }
                    sockets.add(client);
                    sockets.add(server);
                }
                try {
                    server.connect(target, 5_000);
                } catch (IOException e) {
                    reset(client);
                    reset(server);
                    continue;
                }
                AtomicBoolean lastRequestWasNext = new AtomicBoolean();
                spawn(() -> pump(client, server, lastRequestWasNext, true), "hand-out-cutter-up");
                spawn(() -> pump(server, client, lastRequestWasNext, false), "hand-out-cutter-down");
            }
        }

        private void pump(Socket from, Socket to, AtomicBoolean lastRequestWasNext, boolean up) {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (up && indexOf(buffer, n, ANY_REQUEST) >= 0) {
                        lastRequestWasNext.set(indexOf(buffer, n, NEXT_REQUEST) >= 0);
                    }
                    if (!up && lastRequestWasNext.get() && indexOf(buffer, n, JOB_ID) >= 0 && armed.compareAndSet(true, false)) {
                        cuts.incrementAndGet();
                        reset(from);
                        reset(to);
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                reset(from);
                reset(to);
            }
        }

        private static int indexOf(byte[] haystack, int length, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private void spawn(Runnable body, String name) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            synchronized (sockets) {
                threads.removeIf(th -> !th.isAlive());
                threads.add(t);
            }
            t.start();
        }

        /** Closes with SO_LINGER 0, so the peer sees a connection reset. */
        private static void reset(Socket socket) {
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException e) {
                // already closed
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                listener.close();
            } catch (IOException e) {
                // nothing left to do
            }
            List<Thread> all;
            synchronized (sockets) {
                sockets.forEach(HandOutCutter::reset);
                sockets.clear();
                all = new ArrayList<>(threads);
            }
            for (Thread t : all) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
