package io.jobtail.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's two rules against a loopback {@link LineServer}; every read is bounded by a 5 s timeout. */
class CuttingProxyTest {
    private static final String JOB = "{\"job_id\": \"j-1\"}";
    private static final String BIG = "x".repeat(10_000);
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private LineServer server;
    private CuttingProxy proxy;

    @BeforeEach
    void startServer() throws Exception {
        server = new LineServer(line -> line.equals("big") ? BIG : line + " -> " + JOB);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void firstMarkedReplyToAMarkedRequestIsLostAndLaterOnesPass() throws Exception {
        cutFirstJobReply().cutting(true);

        try (Socket first = connect()) {
            assertNull(exchange(first, "next"), "the first marked reply is not forwarded");
        }
        try (Socket second = connect()) {
            assertEquals("next -> " + JOB, exchange(second, "next"), "only the first is cut");
            assertEquals("next -> " + JOB, exchange(second, "next"));
        }
        assertEquals(1, proxy.cuts(), proxy.toString());
    }

    @Test
    void replyMarkerAnsweringAnotherRequestPassesOnTheSameConnection() throws Exception {
        cutFirstJobReply().cutting(true);

        try (Socket socket = connect()) {
            assertEquals("status -> " + JOB, exchange(socket, "status"), "the request was not marked");
            assertEquals("status -> " + JOB, exchange(socket, "status"));
            assertNull(exchange(socket, "next"), "the next marked request's reply is cut");
        }
        assertEquals(1, proxy.cuts(), proxy.toString());
    }

    @Test
    void nothingIsCutWhileCuttingIsOff() throws Exception {
        cutFirstJobReply();

        try (Socket socket = connect()) {
            assertEquals("next -> " + JOB, exchange(socket, "next"));
            proxy.cutting(true);
            assertNull(exchange(socket, "next"), "cut once cutting is on, on a connection opened before");
        }
        assertEquals(1, proxy.cuts(), proxy.toString());
    }

    @Test
    void randomBudgetCutsAReplyLongerThanTwiceTheMeanWithinTheBudget() throws Exception {
        proxy = CuttingProxy.start(server.url(), 42, 1_000, 10, 4);

        try (Socket socket = connect()) {
            assertEquals(BIG, exchange(socket, "big"), "cutting is off: the whole reply passes");
            proxy.cutting(true);
            send(socket, "big");
            int received = readUntilEnd(socket);
            assertTrue(received >= 1 && received <= 20, "a budget in [1, 20] bytes, got " + received);
        }
        assertEquals(1, proxy.cuts(), proxy.toString());
    }

    @Test
    void targetOffLoopbackOrWithoutAPortIsRefused() {
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
                () -> CuttingProxy.cutFirstReply("http://192.0.2.1:80", "next", "job", 4));
        assertTrue(off.getMessage().contains("loopback only, not http://192.0.2.1:80"), off.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> CuttingProxy.start("http://127.0.0.1", 1, 10, 10, 4));
        assertTrue(noPort.getMessage().contains("host and a port: http://127.0.0.1"), noPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CuttingProxy.cutFirstReply("http://127.0.0.1:1", "", "job", 4));
    }

    /** A proxy to the server that cuts the first reply with a job in it to a {@code next} request. */
    private CuttingProxy cutFirstJobReply() throws IOException {
        proxy = CuttingProxy.cutFirstReply(server.url(), "next", "\"job_id\"", 4);
        return proxy;
    }

    private Socket connect() throws IOException {
        URI uri = URI.create(proxy.url());
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /**
     * Sends a line and reads the reply line; null when the connection ends or is reset before a whole
     * line came. A read timeout is an error, not a cut: a proxy that holds a reply back has not cut it.
     */
    private static String exchange(Socket socket, String line) throws IOException {
        send(socket, line);
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return reply.toString(StandardCharsets.UTF_8);
                }
                reply.write(b);
            }
        } catch (SocketException e) {
            // reset: the cut
        }
        return null;
    }

    /** Bytes read until the connection ends or is reset; a read timeout is an error. */
    private static int readUntilEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        int total = 0;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (SocketException e) {
            // reset: the cut
        }
        return total;
    }
}
