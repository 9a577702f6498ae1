package io.jobtail.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One connection per stream: past the JDK's default of 200 idle kept-alive connections the JDK
 * server closes a connection right after replying, without saying so, and the client's next
 * request on it fails. The server must keep {@value #CONNECTIONS} connections alive.
 */
class ManyConnectionsTest {
    static final int CONNECTIONS = 220;
    private static final TokenAuthenticator TOKENS = t -> Optional.ofNullable(Map.of("t", "site-1").get(t));

    private final RecordingHandler handler = new RecordingHandler();
    private HttpMessageServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpMessageServer.builder().tokens(TOKENS).start();
        server.register("log_streaming", "live_log", handler);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    @Test
    void moreThanTwoHundredKeptAliveConnectionsStayOpen() throws IOException {
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            s.setSoTimeout(10_000);
            sockets.add(s);
        }
        for (Socket s : sockets) {
            assertEquals(200, exchange(s), "first request");
        }
        // every connection is idle now; each must still take a request
        int answered = 0;
        for (Socket s : sockets) {
            if (exchange(s) == 200) {
                answered++;
            }
        }

        assertEquals(CONNECTIONS, answered, "second requests answered on their kept-alive connections");
        assertEquals(2 * CONNECTIONS, handler.calls.size());
    }

    /** Sends one request on {@code s}; returns the status, or -1 if the server had closed the connection. */
    private static int exchange(Socket s) throws IOException {
        s.getOutputStream().write(("POST /v1/messages/log_streaming/live_log HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer t\r\nJobtail-Target: server\r\nJobtail-Headers: {}\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                return -1; // reset
            }
            if (b < 0) {
                return -1;
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        in.readNBytes(length);
        assertTrue(lines[0].startsWith("HTTP/1.1 "), lines[0]);
        return Integer.parseInt(lines[0].substring(9, 12));
    }
}
