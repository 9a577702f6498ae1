package io.jobtail.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ReturnCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive connection the server closed before reading the next request (what the JDK server
 * does past its idle-connection limit, or at its idle timeout): the messenger sends that request
 * once more, on a new connection, instead of failing it; and it does so only once.
 */
class StaleConnectionTest {
    private static final Destination SERVER = new Destination(Destination.SERVER, "log_streaming", "live_log", "job-1");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        // connection 1: answers request 1, then drops request 2 unread; connection 2 answers it
        server = new ScriptedServer(List.of(List.of(Step.ANSWER, Step.DROP), List.of(Step.ANSWER)));
        HttpMessenger messenger = HttpMessenger.builder(server.uri()).token("t").build();

        Message first = messenger.request(SERVER, Message.of(Map.of("n", "1"), new byte[0]), TIMEOUT);
        Message second = messenger.request(SERVER, Message.of(Map.of("n", "2"), new byte[] {42}), TIMEOUT);

        assertEquals(ReturnCode.OK, first.returnCode());
        assertEquals(ReturnCode.OK, second.returnCode());
        assertEquals("2", second.header("connection"), "the resent request went out on a new connection");
        assertEquals(List.of("1:1", "1:2", "2:2"), server.seen(), "connection:request as the server saw them");
    }

    @Test
    void aRequestIsSentAgainOnlyOnce() throws Exception {
        // connection 1 drops request 2 unread, and so does connection 2 (a fresh one)
        server = new ScriptedServer(List.of(List.of(Step.ANSWER, Step.DROP), List.of(Step.DROP)));
        HttpMessenger messenger = HttpMessenger.builder(server.uri()).token("t").build();
        messenger.request(SERVER, Message.of(Map.of("n", "1"), new byte[0]), TIMEOUT);

        MessengerException e = assertThrows(MessengerException.class,
                () -> messenger.request(SERVER, Message.of(Map.of("n", "2"), new byte[0]), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
        assertTrue(e.getMessage().contains(server.uri().toString()), e.getMessage());
        assertEquals(List.of("1:1", "1:2", "2:2"), server.seen());
    }

    /** What a scripted connection does with its next request. */
    private enum Step { ANSWER, DROP }

    /**
     * A minimal HTTP/1.1 server on loopback that plays one script per accepted connection: for
     * each request, read it whole, then answer 200 (kept alive) or close without a byte.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;
        private final List<String> seen = new CopyOnWriteArrayList<>();

        ScriptedServer(List<List<Step>> scripts) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(scripts), "scripted-http-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        List<String> seen() {
            return List.copyOf(seen);
        }

        private void serve(List<List<Step>> scripts) {
            for (int c = 0; c < scripts.size(); c++) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (Step step : scripts.get(c)) {
                        String n = readRequest(in);
                        if (n == null) {
                            break; // the client closed this connection
                        }
                        seen.add((c + 1) + ":" + n);
                        if (step == Step.DROP) {
                            break;
                        }
                        String headers = "{\"rc\":\"OK\",\"connection\":\"" + (c + 1) + "\"}";
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nJobtail-Headers: " + headers + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Reads one request; returns its {@code n} message header, or null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            int length = 0;
            String n = "?";
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                } else if (lower.startsWith("jobtail-headers:")) {
                    int at = line.indexOf("\"n\":\"");
                    n = at < 0 ? "?" : line.substring(at + 5, line.indexOf('"', at + 5));
                }
            }
            in.readNBytes(length);
            return n;
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5_000);
        }
    }
}
