package io.jobtail.transport.http;

import static io.jobtail.transport.http.HttpMessengerTest.SITE_1_TOKEN;
import static io.jobtail.transport.http.HttpMessengerTest.TOKENS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.transport.http.internal.Wire;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server against raw HTTP requests: what it refuses, and that a refused request reaches no handler. */
class HttpMessageServerTest {
    private static final String PATH = "/v1/messages/log_streaming/live_log";

    private final RecordingHandler handler = new RecordingHandler();
    private final HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpMessageServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpMessageServer.builder()
                .tokens(TOKENS)
                .options(HttpTransportOptions.defaults()
                        .withMaxBodyBytes(1024)
                        .withMaxHeadersBytes(200)
                        .withRequestReadTimeout(Duration.ofSeconds(1))
                        .withExecutorThreads(2))
                .start();
        server.register("log_streaming", "live_log", handler);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpRequest.Builder post(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("payload"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendAsSite1(HttpRequest.Builder b) throws Exception {
        return send(b.header("Authorization", "Bearer " + SITE_1_TOKEN));
    }

    @Test
    void aValidRawRequestReachesTheHandler() throws Exception {
        HttpResponse<String> r = sendAsSite1(post(PATH, Wire.JOB, "job-1", Wire.HEADERS, "{\"a\":\"b\"}"));

        assertEquals(200, r.statusCode());
        assertEquals("{\"handled\":\"yes\"}", r.headers().firstValue(Wire.HEADERS).orElseThrow());
        assertEquals("b", handler.onlyCall().request().header("a"));
        assertEquals("payload", new String(handler.onlyCall().request().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingTokenIs401WithAChallengeAndNoHandlerRuns() throws Exception {
        HttpResponse<String> r = send(post(PATH));

        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("no credentials"), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aNonBearerAuthorizationIs401() throws Exception {
        HttpResponse<String> r = send(post(PATH, "Authorization", "Basic c2l0ZS0xOng="));

        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Bearer <token>"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aPathTraversingJobIsA400NamingItAndNoHandlerRuns() throws Exception {
        HttpResponse<String> r = sendAsSite1(post(PATH, Wire.JOB, "../x"));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("Jobtail-Job (job id) \"../x\" is not allowed"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void malformedHeadersJsonIsA400SayingWhatIsWrong() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        for (String json : List.of("{not json", "[\"a\"]", "{\"a\":1}", "{\"a\":\"b\",\"a\":\"c\"}", "null")) {
            HttpResponse<String> r = sendAsSite1(post(PATH, Wire.HEADERS, json));
            assertEquals(400, r.statusCode(), json);
            bodies.add(r.body());
        }

        assertTrue(bodies.get(0).contains("not valid JSON"), bodies.get(0));
        assertTrue(bodies.get(1).contains("must be a JSON object of strings, not array"), bodies.get(1));
        assertTrue(bodies.get(2).contains("the value of \"a\" must be a string, not number"), bodies.get(2));
        assertTrue(bodies.get(3).contains("not valid JSON"), bodies.get(3));
        assertTrue(bodies.get(4).contains("not null"), bodies.get(4));
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void headersJsonOverTheLimitIsA400() throws Exception {
        String json = "{\"a\":\"" + "x".repeat(300) + "\"}";

        HttpResponse<String> r = sendAsSite1(post(PATH, Wire.HEADERS, json));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("over the limit of 200"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void anAnnouncedBodyOverTheLimitIs413AndNothingIsHandled() throws Exception {
        HttpResponse<String> r = sendAsSite1(post(PATH).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])));

        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("2048 bytes is over the limit of 1024 bytes"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndNothingIsHandled() throws Exception {
        HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2048]));

        HttpResponse<String> r = sendAsSite1(post(PATH).POST(chunked));

        assertEquals(413, r.statusCode());
        assertTrue(r.body().contains("more than 1024 bytes"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void anUnsafeChannelIsA400() throws Exception {
        HttpResponse<String> r = sendAsSite1(post("/v1/messages/..%2Fetc/live_log"));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("channel \"..%2Fetc\" is not allowed"), r.body());
    }

    @Test
    void aPathWithoutChannelAndTopicIsA400() throws Exception {
        HttpResponse<String> r = sendAsSite1(post("/v1/messages/log_streaming"));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("{channel}/{topic}"), r.body());
    }

    @Test
    void aTargetOtherThanTheServerIsA400() throws Exception {
        HttpResponse<String> r = sendAsSite1(post(PATH, Wire.TARGET, "site-2"));

        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("\"site-2\" is not served here"), r.body());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aGetOnTheMessageEndpointIs405() throws Exception {
        HttpResponse<String> r = sendAsSite1(HttpRequest.newBuilder(server.uri().resolve(PATH)).GET());

        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anExtraRouteGetsTheAuthenticatedPrincipal() throws Exception {
        List<String> principals = new CopyOnWriteArrayList<>();
        server.addRoute("/v1/jobs", (principal, exchange) -> {
            principals.add(principal);
            byte[] out = (principal + " asked for " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });

        HttpResponse<String> ok = sendAsSite1(HttpRequest.newBuilder(server.uri().resolve("/v1/jobs/job-1/logs")).GET());
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(server.uri().resolve("/v1/jobs")).GET());
        HttpResponse<String> elsewhere = sendAsSite1(HttpRequest.newBuilder(server.uri().resolve("/v1/jobsx")).GET());

        assertEquals(200, ok.statusCode());
        assertEquals("site-1 asked for /v1/jobs/job-1/logs", ok.body());
        assertEquals(401, anonymous.statusCode());
        assertEquals(404, elsewhere.statusCode());
        assertEquals(List.of("site-1"), principals);
    }

    @Test
    void aFailingRouteIsA500() throws Exception {
        server.addRoute("/v1/jobs", (principal, exchange) -> {
            throw new IllegalStateException("store unavailable");
        });

        HttpResponse<String> r = sendAsSite1(HttpRequest.newBuilder(server.uri().resolve("/v1/jobs")).GET());

        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("store unavailable"), r.body());
    }

    @Test
    void aMalformedOrTakenRoutePrefixIsRefused() {
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> server.addRoute("/v1/messages", (p, e) -> { }));
        IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class,
                () -> server.addRoute("/v1/jobs/", (p, e) -> { }));

        assertTrue(taken.getMessage().contains("already taken"), taken.getMessage());
        assertTrue(trailing.getMessage().contains("\"/v1/jobs/\""), trailing.getMessage());
    }

    @Test
    void aClientThatStallsInItsHeadersLosesTheConnection() throws Exception {
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertTrue(endsByItself(s.getInputStream()), "a stalled connection was kept open for 10 s");
        }
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aClientThatStallsInItsBodyLosesTheConnectionAndNoHandlerRuns() throws Exception {
        try (Socket s = new Socket(server.uri().getHost(), server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + SITE_1_TOKEN
                    + "\r\nContent-Length: 100\r\n\r\nonly ten b").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertTrue(endsByItself(s.getInputStream()), "a stalled connection was kept open for 10 s");
        }
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void workersServeAgainAfterStalledClientsWereCutOff() throws Exception {
        for (int i = 0; i < 3; i++) {
            aClientThatStallsInItsHeadersLosesTheConnection();
        }

        HttpResponse<String> r = sendAsSite1(post(PATH));

        assertEquals(200, r.statusCode());
        assertEquals(1, handler.calls.size());
    }

    /** True once the server ended the connection, false if it was still open after the socket timeout. */
    private static boolean endsByItself(InputStream in) throws IOException {
        try {
            // Bytes of a refusal may come first; what matters is that the connection ends.
            while (in.read() != -1) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Test
    void theBoundUriIsLoopbackWithTheEphemeralPort() {
        URI uri = server.uri();

        assertEquals("http", uri.getScheme());
        assertEquals("127.0.0.1", uri.getHost());
        assertTrue(server.port() > 0);
        assertEquals(server.port(), uri.getPort());
    }

    @Test
    void aServerWithoutAnyCredentialCheckDoesNotStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HttpMessageServer.builder().start());

        assertTrue(e.getMessage().contains("no way to authenticate"), e.getMessage());
    }
}
