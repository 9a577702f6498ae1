package io.jobtail.transport.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The site's messenger against a real server on loopback: what a sender sees for each outcome. */
class HttpMessengerTest {
    static final String SITE_1_TOKEN = "token-of-site-1";
    static final String SITE_2_TOKEN = "token-of-site-2";
    static final TokenAuthenticator TOKENS =
            t -> Optional.ofNullable(Map.of(SITE_1_TOKEN, "site-1", SITE_2_TOKEN, "site-2").get(t));
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final RecordingHandler handler = new RecordingHandler();
    private HttpMessageServer server;
    private HttpMessenger site1;

    @BeforeEach
    void start() throws IOException {
        server = HttpMessageServer.builder()
                .tokens(TOKENS)
                .options(HttpTransportOptions.defaults().withMaxBodyBytes(1024).withExecutorThreads(2))
                .start();
        server.register("log_streaming", "live_log", handler);
        site1 = HttpMessenger.builder(server.uri()).token(SITE_1_TOKEN).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Destination toServer(String jobId) {
        return new Destination(Destination.SERVER, "log_streaming", "live_log", jobId);
    }

    @Test
    void headersAndBinaryBodyMakeTheRoundTrip() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        handler.replyWith(req -> Message.reply(ReturnCode.OK)
                .with("echo", req.header("file"))
                .withBody(reversed(req.body())));
        Message request = Message.of(Map.of("file", "log.txt", "note", "grüße \"quoted\"\t{json}"), body);

        Message reply = site1.request(toServer("job-1"), request, TIMEOUT);

        assertEquals(ReturnCode.OK, reply.returnCode());
        assertEquals("log.txt", reply.header("echo"));
        assertArrayEquals(reversed(body), reply.body());
        RecordingHandler.Call call = handler.onlyCall();
        assertEquals(new Peer("site-1", "job-1"), call.peer());
        assertEquals(request.headers(), call.request().headers());
        assertArrayEquals(body, call.request().body());
    }

    @Test
    void anEmptyBodyAndNoJobArriveAsSuch() throws Exception {
        Message reply = site1.request(toServer(null), Message.empty(), TIMEOUT);

        assertEquals("yes", reply.header("handled"));
        assertEquals(0, reply.body().length);
        assertEquals(new Peer("site-1", null), handler.onlyCall().peer());
    }

    @Test
    void thePeerIsTheTokensSiteWhateverTheMessageClaims() throws Exception {
        Message claimsSite2 = Message.of(Map.of("site", "site-2", "client_name", "site-2", "origin", "site-2"),
                new byte[0]);

        site1.request(toServer("job-1"), claimsSite2, TIMEOUT);

        assertEquals("site-1", handler.onlyCall().peer().site());
    }

    @Test
    void aMissingTokenIsUnauthorizedAndNoHandlerRuns() {
        HttpMessenger anonymous = HttpMessenger.builder(server.uri()).build();

        MessengerException e = assertThrows(MessengerException.class,
                () -> anonymous.request(toServer("job-1"), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode());
        assertTrue(e.getMessage().contains("no credentials"), e.getMessage());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aWrongTokenIsUnauthorizedAndNoHandlerRuns() {
        HttpMessenger impostor = HttpMessenger.builder(server.uri()).token("guessed-token").build();

        MessengerException e = assertThrows(MessengerException.class,
                () -> impostor.request(toServer("job-1"), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.UNAUTHORIZED, e.returnCode());
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
        assertTrue(!e.getMessage().contains("guessed-token"), "the token must not be echoed: " + e.getMessage());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void anUnregisteredChannelIsANoHandlerReply() throws Exception {
        Message reply = site1.request(new Destination(Destination.SERVER, "other", "live_log", "job-1"),
                Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.NO_HANDLER, reply.returnCode());
        assertEquals("no handler registered for other/live_log", reply.detail());
    }

    @Test
    void aWrongBasePathIsACommunicationErrorNotANoHandlerReply() {
        HttpMessenger misconfigured = HttpMessenger.builder(server.uri().resolve("/jobtail"))
                .token(SITE_1_TOKEN).build();

        MessengerException e = assertThrows(MessengerException.class,
                () -> misconfigured.request(toServer("job-1"), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
        assertTrue(e.getMessage().contains("/jobtail/v1/messages/log_streaming/live_log"), e.getMessage());
    }

    @Test
    void aBodyOverTheLimitIsABadRequestReplyAndNothingIsHandled() throws Exception {
        Message reply = site1.request(toServer("job-1"), Message.of(Map.of(), new byte[4096]), TIMEOUT);

        assertEquals(ReturnCode.BAD_REQUEST_DATA, reply.returnCode());
        assertTrue(reply.detail().contains("over the limit of 1024 bytes"), reply.detail());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void anUnsafeJobIdIsRefusedBeforeAnythingIsSent() throws Exception {
        Message reply = site1.request(toServer("../x"), Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.BAD_REQUEST_DATA, reply.returnCode());
        assertTrue(reply.detail().contains("job id \"../x\""), reply.detail());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void aHandlerExceptionIsAnExecutionExceptionReply() throws Exception {
        handler.failWith(new IllegalStateException("disk on fire"));

        Message reply = site1.request(toServer("job-1"), Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.EXECUTION_EXCEPTION, reply.returnCode());
        assertEquals("disk on fire", reply.detail());
    }

    @Test
    void aHandlerSlowerThanTheTimeoutIsATimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        handler.waitFor(release);
        try {
            MessengerException e = assertThrows(MessengerException.class,
                    () -> site1.request(toServer("job-1"), Message.empty(), Duration.ofMillis(200)));

            assertEquals(ReturnCode.TIMEOUT, e.returnCode());
            assertTrue(e.getMessage().contains(server.uri().toString()), e.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aServerThatIsNotRunningIsACommunicationErrorNamingTheUrl() throws Exception {
        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        URI nobody = URI.create("http://127.0.0.1:" + freePort);
        HttpMessenger messenger = HttpMessenger.builder(nobody).token(SITE_1_TOKEN).build();

        MessengerException e = assertThrows(MessengerException.class,
                () -> messenger.request(toServer("job-1"), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
        assertTrue(e.getMessage().contains(nobody.toString()), e.getMessage());
    }

    @Test
    void aClosedServerIsACommunicationError() {
        server.close();
        server.close(); // idempotent

        MessengerException e = assertThrows(MessengerException.class,
                () -> site1.request(toServer("job-1"), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
    }

    @Test
    void theConnectionIsKeptAliveAcrossRequests() throws Exception {
        for (int i = 0; i < 20; i++) {
            site1.request(toServer("job-1"), Message.empty().with("n", i), TIMEOUT);
        }

        assertEquals(20, handler.calls.size());
        assertEquals("19", handler.calls.get(19).request().header("n"));
    }

    @Test
    void aSiteMessengerCannotRegisterHandlers() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> site1.register("log_streaming", "live_log", handler));
        assertThrows(UnsupportedOperationException.class, () -> site1.unregister("log_streaming", "live_log"));

        assertTrue(e.getMessage().contains("only sends"), e.getMessage());
    }

    @Test
    void theServerMessengerDispatchesInProcessAsTheServer() throws Exception {
        Message reply = server.request(new Destination(Destination.SERVER_PARENT, "log_streaming", "live_log", "job-7"),
                Message.empty().with("k", "v"), TIMEOUT);

        assertEquals("yes", reply.header("handled"));
        RecordingHandler.Call call = handler.onlyCall();
        assertEquals(new Peer(HttpMessageServer.SERVER_PEER, "job-7"), call.peer());
        assertEquals("v", call.request().header("k"));
    }

    @Test
    void theServerMessengerRepliesNoHandlerAfterUnregister() throws Exception {
        server.unregister("log_streaming", "live_log");
        server.unregister("log_streaming", "live_log"); // idempotent

        Message inProcess = server.request(toServer(null), Message.empty(), TIMEOUT);
        Message remote = site1.request(toServer(null), Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.NO_HANDLER, inProcess.returnCode());
        assertEquals(ReturnCode.NO_HANDLER, remote.returnCode());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void theServerMessengerCannotReachSites() {
        MessengerException e = assertThrows(MessengerException.class, () -> server.request(
                new Destination("site-1", "log_streaming", "live_log", null), Message.empty(), TIMEOUT));

        assertEquals(ReturnCode.COMMUNICATION_ERROR, e.returnCode());
        assertTrue(e.getMessage().contains("site-1"), e.getMessage());
    }

    @Test
    void anInProcessHandlerExceptionIsAnExecutionExceptionReply() throws Exception {
        handler.failWith(new IllegalArgumentException("bad offset"));

        Message reply = server.request(toServer("job-1"), Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.EXECUTION_EXCEPTION, reply.returnCode());
        assertEquals("bad offset", reply.detail());
    }

    @Test
    void aHandlerReturningNullIsAnExecutionExceptionReply() throws Exception {
        handler.replyWith(req -> null);

        Message reply = site1.request(toServer("job-1"), Message.empty(), TIMEOUT);

        assertEquals(ReturnCode.EXECUTION_EXCEPTION, reply.returnCode());
        assertTrue(reply.detail().contains("returned no reply"), reply.detail());
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
