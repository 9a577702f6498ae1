package io.jobtail.itests.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.security.LogStreamRequests.StreamReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks and bad input against one real server process on loopback, sent as raw HTTP with real
 * tokens. Every test checks the reply, that nothing changed on disk outside what it legitimately
 * streamed (a snapshot of the whole temp root before and after), and, after each test, that the
 * server still stores a normal stream byte for byte.
 *
 * <p>The server runs with small stream limits ({@value #MAX_PER_SITE} per site,
 * {@value #MAX_OPEN} in all) so the flood test reaches them quickly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttacksOnTheServerTest {
    static final int MAX_PER_SITE = 40;
    static final int MAX_OPEN = 60;
    private static final AtomicInteger STREAMS = new AtomicInteger();

    @TempDir
    static Path root;
    private JobtailCluster cluster;
    private AdminApi admin;
    private RawHttp http;
    private LogStreamRequests streams;
    private String siteA;
    private String siteB;
    /** Runs on site-a only. */
    private String jobA;
    /** Runs on site-b only. */
    private String jobB;
    private FileTree before;

    @BeforeAll
    void startServer() throws Exception {
        cluster = JobtailCluster.create(root, List.of("site-a", "site-b"));
        Path ws = cluster.serverWorkspace();
        Files.createDirectories(ws);
        Files.writeString(ws.resolve("server.json"), "{\"components\": [{\"id\": \"log_receiver\","
                + " \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": {\"dest_dir\": \""
                + ws.resolve("store") + "\", \"max_open_streams\": " + MAX_OPEN + ", \"max_open_streams_per_site\": "
                + MAX_PER_SITE + "}}]}");
        cluster.startServer();
        admin = cluster.admin();
        http = new RawHttp(cluster.url());
        streams = new LogStreamRequests(http);
        siteA = cluster.token("site-a");
        siteB = cluster.token("site-b");
        jobA = admin.submit(job("a", "site-a"));
        jobB = admin.submit(job("b", "site-b"));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void snapshot() {
        before = tree();
    }

    @AfterEach
    void theServerStillStoresANormalStream() throws Exception {
        assertTrue(cluster.server().isAlive(), "the server process is alive");
        byte[] text = ("a normal line after the attack " + UUID.randomUUID() + "\n").getBytes(UTF_8);
        String file = "after-" + STREAMS.incrementAndGet() + ".txt";
        String id = "normal-" + file;
        assertEquals("OK", streams.open(siteA, jobA, id, file).rc());
        assertEquals("OK", streams.data(siteA, jobA, id, 0, text).rc());
        assertEquals("OK", streams.end(siteA, jobA, id, text.length).rc());
        assertArrayEquals(text, admin.rawLog(jobA, "site-a", file, 0).body());
    }

    private static Map<String, Object> job(String name, String site) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("sites", List.of(site));
        job.put("work", Map.of("command", List.of("true")));
        return job;
    }

    /** Everything under the temp root but the processes' console output. */
    private FileTree tree() {
        return FileTree.of(root, p -> p.getFileName().toString().endsWith(".out") || p.getFileName().toString().endsWith(".err"));
    }

    private void assertNothingChanged() {
        assertEquals("", tree().changesSince(before), "nothing may change on disk");
    }

    private Path store() {
        return cluster.serverWorkspace().resolve("store");
    }

    // ---------------------------------------------------------------- names in every field

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("dot-dot", ".."),
                Arguments.of("dot", "."),
                Arguments.of("parent path", "../../../etc"),
                Arguments.of("absolute path", "/etc/passwd"),
                Arguments.of("slash", "a/b"),
                Arguments.of("backslash", "a\\..\\b"),
                Arguments.of("NUL", "log\u0000.txt"),
                Arguments.of("control character", "log\u0001.txt"),
                Arguments.of("newline", "log\n.txt"),
                Arguments.of("DEL", "log\u007f"),
                Arguments.of("hidden file", ".bashrc"),
                Arguments.of("Unicode one-dot leader for '.'", "log\u2024txt"),
                Arguments.of("Cyrillic look-alike", "l\u043eg.txt"),
                Arguments.of("fullwidth solidus", "a\uff0fb"),
                Arguments.of("129 characters", "a".repeat(129)),
                Arguments.of("10,000 characters", "a".repeat(10_000)),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "log file name: {0}")
    @MethodSource("badNames")
    void aBadLogFileNameIsRefusedAndNothingIsWritten(String what, String name) throws Exception {
        StreamReply reply = streams.open(siteA, jobA, "s-" + STREAMS.incrementAndGet(), name);

        assertEquals(200, reply.http().status(), reply.toString());
        assertEquals("BAD_REQUEST_DATA", reply.rc(), reply.toString());
        assertTrue(reply.detail().startsWith("log file name ") && reply.detail().contains("is not allowed"), reply.detail());
        assertNothingChanged();
    }

    @Test
    void aLogFileNamedLikeAStateFileIsRefused() throws Exception {
        StreamReply reply = streams.open(siteA, jobA, "state", "after-1.txt.state.json");

        assertEquals("BAD_REQUEST_DATA", reply.rc(), reply.toString());
        assertTrue(reply.detail().contains("reserved for the store's state files"), reply.detail());
        assertNothingChanged();
    }

    static Stream<Arguments> badHeaderNames() {
        // What can be put in an HTTP header value at all: no CR/LF, bytes as ISO-8859-1.
        return badNames().filter(a -> !((String) a.get()[1]).contains("\n") && !((String) a.get()[1]).isEmpty())
                .map(a -> Arguments.of(a.get()[0], a.get()[1]));
    }

    @ParameterizedTest(name = "job id header: {0}")
    @MethodSource("badHeaderNames")
    void aBadJobIdInTheJobHeaderIsRefusedBeforeAnyHandlerRuns(String what, String name) throws Exception {
        String headers = "Jobtail-Job: " + new String(name.getBytes(UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\r\nJobtail-Headers: " + LogStreamRequests.json(Map.of("jt-kind", "OPEN", "jt-stream", "x",
                "jt-ctx-file", "log.txt", "jt-ctx-mode", "LIVE")) + "\r\n";

        StreamReply reply = streams.raw(siteA, headers, new byte[0]);

        assertEquals(400, reply.http().status(), reply.toString());
        assertTrue(reply.http().text().contains("Jobtail-Job"), reply.toString());
        assertNothingChanged();
    }

    static Stream<Arguments> badPaths() {
        return Stream.of(
                Arguments.of("/v1/messages/..%2F..%2Fjobs/live_log", 400, "channel"),
                Arguments.of("/v1/messages/log_streaming/..", 400, "topic"),
                Arguments.of("/v1/messages/log_streaming/%2e%2e", 400, "topic"),
                Arguments.of("/v1/messages/log_streaming/live_log%00", 400, "topic"),
                Arguments.of("/v1/messages/log%5Cstreaming/live_log", 400, "channel"),
                Arguments.of("/v1/messages/log_streaming/live_log/extra", 400, "expected /v1/messages/{channel}/{topic}"),
                Arguments.of("/v1/messages/log_streaming/l%D0%BEve_log", 400, "topic"),
                Arguments.of("/v1/messages/" + "a".repeat(5000) + "/live_log", 400, "channel"));
    }

    @ParameterizedTest(name = "path {0}")
    @MethodSource("badPaths")
    void aBadChannelOrTopicInThePathIsRefused(String path, int status, String names) throws Exception {
        RawHttp.Reply reply = http.message(path, siteA, "Jobtail-Job: " + jobA + "\r\nJobtail-Headers: "
                + LogStreamRequests.json(Map.of("jt-kind", "OPEN", "jt-stream", "p", "jt-ctx-file", "log.txt")) + "\r\n",
                new byte[0]);

        assertEquals(status, reply.status(), reply.toString());
        assertTrue(reply.text().contains(names), reply.toString());
        assertNothingChanged();
    }

    @Test
    void aBadStreamIdOrKindIsRefused() throws Exception {
        StreamReply longId = streams.open(siteA, jobA, "i".repeat(201), "log.txt");
        StreamReply noId = streams.send(siteA, jobA, Map.of("jt-kind", "OPEN"), new byte[0]);
        StreamReply badKind = streams.send(siteA, jobA, Map.of("jt-kind", "DELETE", "jt-stream", "k"), new byte[0]);

        assertEquals("BAD_REQUEST_DATA", longId.rc(), longId.toString());
        assertEquals("BAD_REQUEST_DATA", noId.rc(), noId.toString());
        assertTrue(noId.detail().contains("jt-stream"), noId.detail());
        assertEquals("BAD_REQUEST_DATA", badKind.rc(), badKind.toString());
        assertTrue(badKind.detail().contains("\"DELETE\""), badKind.detail());
        assertNothingChanged();
    }

    // ---------------------------------------------------------------- identities

    @Test
    void whatTheMessageSaysAboutSiteAndJobIsIgnoredTheTokenDecides() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("jt-ctx-file", "claimed.txt");
        forged.put("jt-ctx-mode", "LIVE");
        forged.put("jt-ctx-client_name", "site-b");
        forged.put("jt-ctx-job_id", jobB);
        forged.put("jt-ctx-site", "../site-b");
        byte[] text = "written by site-a\n".getBytes(UTF_8);

        assertEquals("OK", streams.open(siteA, jobA, "forged", forged).rc());
        assertEquals("OK", streams.data(siteA, jobA, "forged", 0, text).rc());
        assertEquals("OK", streams.end(siteA, jobA, "forged", text.length).rc());

        assertArrayEquals(text, Files.readAllBytes(store().resolve(jobA).resolve("site-a").resolve("claimed.txt")));
        assertFalse(Files.exists(store().resolve(jobB)), "nothing under the job named in the message");
        assertEquals("created store/" + jobA + "/site-a/claimed.txt\ncreated store/" + jobA
                + "/site-a/claimed.txt.state.json\n", tree().changesSince(before).replace("provision/server/", ""));
    }

    @Test
    void oneSiteCannotTouchAnotherSitesStreamEvenWithItsStreamId() throws Exception {
        byte[] a = "site-a's line\n".getBytes(UTF_8);
        assertEquals("OK", streams.open(siteA, jobA, "shared-id", "mine.txt").rc());
        assertEquals("OK", streams.data(siteA, jobA, "shared-id", 0, a).rc());

        StreamReply intrusion = streams.data(siteB, jobA, "shared-id", a.length, "site-b's line\n".getBytes(UTF_8));
        StreamReply endIt = streams.end(siteB, jobA, "shared-id", 0);

        assertEquals("UNKNOWN_STREAM", intrusion.rc(), intrusion.toString());
        assertEquals("UNKNOWN_STREAM", endIt.rc(), endIt.toString());
        assertEquals("OK", streams.end(siteA, jobA, "shared-id", a.length).rc());
        assertArrayEquals(a, Files.readAllBytes(store().resolve(jobA).resolve("site-a").resolve("mine.txt")));
        assertFalse(Files.exists(store().resolve(jobA).resolve("site-b")));
    }

    static Stream<Arguments> badCredentials() {
        return Stream.of(
                Arguments.of("no Authorization", null, 401, "no credentials"),
                Arguments.of("an unknown token", "Authorization: Bearer " + "A".repeat(43) + "\r\n", 401, "not valid"),
                Arguments.of("Basic instead of Bearer", "Authorization: Basic c2l0ZS1hOng=\r\n", 401, "Bearer"),
                Arguments.of("an empty token", "Authorization: Bearer \r\n", 401, "Bearer <token>"),
                Arguments.of("a 100 KB token", "Authorization: Bearer " + "B".repeat(100_000) + "\r\n", 401, "not valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void aMissingOrWrongCredentialGets401AndNothingIsWritten(String what, String authorization, int status, String says)
            throws Exception {
        RawHttp.Reply reply = http.send("POST " + LogStreamRequests.PATH + " HTTP/1.1\r\n"
                + (authorization == null ? "" : authorization) + "Jobtail-Job: " + jobA + "\r\nJobtail-Headers: "
                + LogStreamRequests.json(Map.of("jt-kind", "OPEN", "jt-stream", "c", "jt-ctx-file", "log.txt")) + "\r\n",
                new byte[0]);

        assertEquals(status, reply.status(), reply.toString());
        assertTrue(reply.text().contains(says), reply.toString());
        assertFalse(reply.text().contains("B".repeat(50)), "the token is never echoed");
        assertNothingChanged();
    }

    @Test
    void twoAuthorizationHeadersNamingTwoSitesAreRefused() throws Exception {
        RawHttp.Reply reply = http.send("POST " + LogStreamRequests.PATH + " HTTP/1.1\r\nAuthorization: Bearer " + siteA
                + "\r\nAuthorization: Bearer " + siteB + "\r\nJobtail-Job: " + jobA + "\r\n", new byte[0]);

        assertEquals(401, reply.status(), reply.toString());
        assertTrue(reply.text().contains("Authorization header given 2 times"), reply.toString());
        assertNothingChanged();
    }

    @Test
    void aSiteTokenCannotUseTheQueryApi() throws Exception {
        RawHttp.Reply reply = http.get("/v1/jobs/" + jobA + "/logs/site-a/after-1.txt?start=0", siteB);

        assertEquals(403, reply.status(), reply.toString());
        assertTrue(reply.text().contains("the query API is for the admin credential, not site \\\"site-b\\\""), reply.toString());
        assertNothingChanged();
    }

    @Test
    void aSiteCannotStreamIntoAJobItDoesNotTakePartInNorCanTheAdmin() throws Exception {
        StreamReply foreignJob = streams.open(siteA, jobB, "foreign", "log.txt");
        StreamReply unknownJob = streams.open(siteA, "job-that-does-not-exist", "unknown", "log.txt");
        StreamReply asAdmin = streams.open(admin.token(), jobA, "admin", "log.txt");

        assertEquals("NOT_ALLOWED", foreignJob.rc(), foreignJob.toString());
        assertEquals("site site-a does not take part in job " + jobB + "; its logs are not accepted for that job",
                foreignJob.detail());
        assertEquals("NOT_ALLOWED", unknownJob.rc(), unknownJob.toString());
        assertEquals("NOT_ALLOWED", asAdmin.rc(), asAdmin.toString());
        assertNothingChanged();
    }

    // ---------------------------------------------------------------- query API

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/v1/jobs/..%2F..%2Fjobs/logs", 400),
                Arguments.of("/v1/jobs/%2e%2e/logs", 400),
                Arguments.of("/v1/jobs/JOB/logs?site=..%2F..%2F..&file=log.txt", 400),
                Arguments.of("/v1/jobs/JOB/logs?site=site-a&file=..%2F..%2Fjobs%2FJOB.json", 400),
                Arguments.of("/v1/jobs/JOB/logs?site=site-a&file=log%00.txt", 400),
                Arguments.of("/v1/jobs/JOB/logs?site=site-a&file=l%D0%BEg.txt", 400),
                Arguments.of("/v1/jobs/JOB/logs?site=server&file=..", 400),
                Arguments.of("/v1/jobs/JOB/logs/site-a/..%2F..%2F..%2Fjobs%2FJOB.json?start=0", 400),
                Arguments.of("/v1/jobs/JOB/logs/..%2F..%2Fprovision/tokens?start=0", 400),
                Arguments.of("/v1/jobs/JOB/logs/server/..%5C..%5Ctokens?start=0", 400),
                Arguments.of("/v1/jobs/JOB/logs/site-a/after-1.txt?start=abc", 400),
                Arguments.of("/v1/jobs/JOB/logs/site-a/after-1.txt?start=99999999999999999999999", 400),
                Arguments.of("/v1/jobs/JOB/logs/site-a/" + "a".repeat(300) + "?start=0", 400),
                Arguments.of("/v1/jobs/JOB/logs/site-a/.hidden?start=0", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badNamesInTheQueryApiAreRefusedAndReadNothingOutsideTheStore(String path, int status) throws Exception {
        RawHttp.Reply reply = http.get(path.replace("JOB", jobA), admin.token());

        assertEquals(status, reply.status(), reply.toString());
        assertTrue(reply.text().contains("\"error\":\"INVALID_ARGS\""), reply.toString());
        assertFalse(reply.text().contains("sha256") || reply.text().contains("\"config\""), "no file content leaks");
        assertNothingChanged();
    }

    @Test
    void negativeAndHugeStartOffsetsReadWithinTheLog() throws Exception {
        byte[] text = "0123456789\n".getBytes(UTF_8);
        assertEquals("OK", streams.open(siteA, jobA, "range", "range.txt").rc());
        assertEquals("OK", streams.data(siteA, jobA, "range", 0, text).rc());
        assertEquals("OK", streams.end(siteA, jobA, "range", text.length).rc());

        assertArrayEquals(Arrays.copyOfRange(text, 8, 11), admin.rawLog(jobA, "site-a", "range.txt", -3).body());
        assertArrayEquals(text, admin.rawLog(jobA, "site-a", "range.txt", Long.MIN_VALUE).body());
        assertEquals(0, admin.rawLog(jobA, "site-a", "range.txt", Long.MAX_VALUE).body().length);
        assertEquals("11", admin.rawLog(jobA, "site-a", "range.txt", Long.MAX_VALUE).headers().firstValue("Jobtail-Log-Size").get());
    }

    // ---------------------------------------------------------------- sizes and limits

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String headers = "Jobtail-Job: " + jobA + "\r\nJobtail-Headers: " + LogStreamRequests.json(
                Map.of("jt-kind", "DATA", "jt-stream", "big", "jt-offset", "0", "jt-size", "9000000")) + "\r\n";

        StreamReply announced = streams.raw(siteA, headers + "Content-Length: 9000000\r\n", new byte[0]);
        StreamReply chunked = streams.raw(siteA, headers + "Transfer-Encoding: chunked\r\n",
                chunked(new byte[9 * 1024 * 1024]));

        assertEquals(413, announced.http().status(), announced.toString());
        assertTrue(announced.http().text().contains("over the limit of 8388608 bytes"), announced.toString());
        assertEquals(413, chunked.http().status(), chunked.toString());
        assertTrue(chunked.http().text().contains("more than 8388608 bytes"), chunked.toString());
        assertNothingChanged();
    }

    @Test
    void headersOverTheLimitsAreRefused() throws Exception {
        Map<String, String> big = new LinkedHashMap<>(LogStreamRequests.base("OPEN", "h"));
        big.put("jt-ctx-file", "log.txt");
        big.put("jt-ctx-padding", "x".repeat(70_000));
        StreamReply tooLong = streams.send(siteA, jobA, big, new byte[0]);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            many.append("X-Filler-").append(i).append(": y\r\n");
        }
        StreamReply tooMany = streams.raw(siteA, many + "Jobtail-Job: " + jobA + "\r\n", new byte[0]);
        StreamReply huge = streams.raw(siteA, "X-Huge: " + "z".repeat(4 * 1024 * 1024) + "\r\nJobtail-Job: " + jobA + "\r\n",
                new byte[0]);

        assertEquals(400, tooLong.http().status(), tooLong.toString());
        assertTrue(tooLong.http().text().contains("over the limit of 65536"), tooLong.toString());
        assertNotEquals(200, tooMany.http().status(), tooMany.toString());
        assertNotEquals(200, huge.http().status(), "a 4 MiB header line is not served: " + huge.http().status());
        assertNothingChanged();
    }

    static Stream<Arguments> malformedMessages() {
        String open = LogStreamRequests.json(Map.of("jt-kind", "OPEN", "jt-stream", "m", "jt-ctx-file", "log.txt"));
        return Stream.of(
                Arguments.of("headers not JSON", "Jobtail-Headers: {jt-kind: OPEN\r\n", "not valid JSON"),
                Arguments.of("headers a JSON array", "Jobtail-Headers: [\"OPEN\"]\r\n", "must be a JSON object"),
                Arguments.of("a header value not a string", "Jobtail-Headers: {\"jt-kind\": 1}\r\n", "must be a string"),
                Arguments.of("duplicate header keys", "Jobtail-Headers: {\"jt-kind\":\"OPEN\",\"jt-kind\":\"END\"}\r\n",
                        "Duplicate field"),
                Arguments.of("Jobtail-Headers twice", "Jobtail-Headers: " + open + "\r\nJobtail-Headers: " + open + "\r\n",
                        "given 2 times"),
                Arguments.of("Jobtail-Job twice", "Jobtail-Job: a\r\nJobtail-Job: b\r\nJobtail-Headers: " + open + "\r\n",
                        "given 2 times"),
                Arguments.of("an unknown target", "Jobtail-Target: site-b\r\nJobtail-Headers: " + open + "\r\n",
                        "is not served here"),
                Arguments.of("a Content-Length that is not a number", "Content-Length: ten\r\nJobtail-Headers: " + open + "\r\n",
                        ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedRequestsAre400AndNameWhatIsWrong(String what, String headerLines, String says) throws Exception {
        StreamReply reply = streams.raw(siteA, headerLines.contains("Jobtail-Job") ? headerLines
                : "Jobtail-Job: " + jobA + "\r\n" + headerLines, new byte[0]);

        assertEquals(400, reply.http().status(), reply.toString());
        assertTrue(reply.http().text().contains(says), reply.toString());
        assertNothingChanged();
    }

    @Test
    void getOnTheMessageEndpointIs405() throws Exception {
        RawHttp.Reply reply = http.get(LogStreamRequests.PATH, siteA);

        assertEquals(405, reply.status(), reply.toString());
        assertEquals("POST", reply.header("Allow"));
        assertNothingChanged();
    }

    // ---------------------------------------------------------------- offsets, sizes, order

    @Test
    void wrongOffsetsSizesAndOrderNeverStoreAByteTwiceOrOutOfPlace() throws Exception {
        String file = "offsets.txt";
        byte[] first = "first line\n".getBytes(UTF_8);
        byte[] second = "second line\n".getBytes(UTF_8);

        assertEquals("UNKNOWN_STREAM", streams.data(siteA, jobA, "o1", 0, first).rc(), "DATA before OPEN");
        assertEquals("UNKNOWN_STREAM", streams.end(siteA, jobA, "o1", 0).rc(), "END before OPEN");
        assertEquals("OK", streams.open(siteA, jobA, "o1", file).rc());
        assertEquals(0, streams.open(siteA, jobA, "o1", file).held(), "a repeated OPEN is harmless");
        // DATA past what is held overtook an earlier message (a pipelining sender): it is parked, not stored
        StreamReply early = streams.data(siteA, jobA, "o1", first.length, second);
        assertEquals("OK", early.rc(), early.toString());
        assertEquals("true", early.headers().get("jt-queued"), early.toString());
        assertEquals(0, early.held(), "a parked chunk is not held");
        assertEquals(0, Files.size(store().resolve(jobA).resolve("site-a").resolve(file)), "nothing stored out of place");
        StreamReply endTooFar = streams.end(siteA, jobA, "o1", 100);
        assertEquals("OFFSET_MISMATCH", endTooFar.rc(), endTooFar.toString());
        StreamReply gapFilled = streams.data(siteA, jobA, "o1", 0, first);
        assertEquals("OK", gapFilled.rc());
        assertEquals(first.length + second.length, gapFilled.held(), "the parked chunk follows once the gap is filled");
        StreamReply duplicate = streams.data(siteA, jobA, "o1", 0, first);
        assertEquals("OK", duplicate.rc());
        assertEquals(first.length + second.length, duplicate.held());
        byte[] overlap = ("line\n" + new String(second, UTF_8)).getBytes(UTF_8); // last 5 bytes of first, then second
        assertEquals(first.length + second.length, streams.data(siteA, jobA, "o1", first.length - 5, overlap).held());
        assertEquals("OK", streams.end(siteA, jobA, "o1", first.length + second.length).rc());
        assertEquals("OK", streams.end(siteA, jobA, "o1", first.length + second.length).rc(), "a repeated END");
        StreamReply afterEnd = streams.data(siteA, jobA, "o1", first.length + second.length, "late\n".getBytes(UTF_8));
        assertEquals("STREAM_ENDED", afterEnd.rc(), afterEnd.toString());

        byte[] expected = (new String(first, UTF_8) + new String(second, UTF_8)).getBytes(UTF_8);
        assertArrayEquals(expected, Files.readAllBytes(store().resolve(jobA).resolve("site-a").resolve(file)));
    }

    static Stream<Arguments> badChunks() {
        byte[] ten = "0123456789".getBytes(UTF_8);
        return Stream.of(
                Arguments.of("a negative offset", -1L, 10L, ten, "chunk at offset -1"),
                Arguments.of("a size larger than the body", 0L, 11L, ten, "declares 11 bytes but carries 10"),
                Arguments.of("a size smaller than the body", 0L, 3L, ten, "declares 3 bytes but carries 10"),
                Arguments.of("a negative size", 0L, -10L, ten, "declares -10 bytes"),
                Arguments.of("an empty chunk", 0L, 0L, new byte[0], "declares 0 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunks")
    void aChunkWhoseOffsetOrSizeIsWrongIsRefusedAndNothingIsAppended(String what, long offset, long size, byte[] body,
            String says) throws Exception {
        String id = "chunk-" + STREAMS.incrementAndGet();
        String file = id + ".txt";
        assertEquals("OK", streams.open(siteA, jobA, id, file).rc());
        FileTree opened = tree();

        StreamReply reply = streams.data(siteA, jobA, id, offset, size, body);

        assertEquals("BAD_REQUEST_DATA", reply.rc(), reply.toString());
        assertTrue(reply.detail().contains(says), reply.detail());
        assertEquals(0, Files.size(store().resolve(jobA).resolve("site-a").resolve(file)));
        String changes = tree().changesSince(opened);
        assertTrue(changes.isEmpty() || changes.equals("changed provision/server/store/" + jobA + "/site-a/" + file
                + ".state.json\n"), "only the state may change (the stream ended): " + changes);
    }

    @Test
    void offsetsThatAreNotNumbersAreRefused() throws Exception {
        assertEquals("OK", streams.open(siteA, jobA, "nan", "nan.txt").rc());
        Map<String, String> h = LogStreamRequests.base("DATA", "nan");
        h.put("jt-offset", "zero");
        h.put("jt-size", "1");

        StreamReply reply = streams.send(siteA, jobA, h, new byte[] {'x'});

        assertEquals("BAD_REQUEST_DATA", reply.rc(), reply.toString());
        assertTrue(reply.detail().contains("jt-offset"), reply.detail());
        assertEquals(0, Files.size(store().resolve(jobA).resolve("site-a").resolve("nan.txt")));
    }

    // ---------------------------------------------------------------- flood

    @Test
    void aFloodOfNewStreamsIsRefusedPastTheLimitsWithoutExhaustingTheServer() throws Exception {
        long pid = cluster.server().pid();
        long fdsBefore = count(Path.of("/proc", Long.toString(pid), "fd"));
        long threadsBefore = count(Path.of("/proc", Long.toString(pid), "task"));
        List<String> opened = new ArrayList<>();
        int refused = 0;
        String detail = null;
        for (int i = 0; i < 300; i++) {
            String id = "flood-" + i;
            StreamReply r = streams.open(siteA, jobA, id, "flood-" + i + ".txt");
            if ("OK".equals(r.rc())) {
                opened.add(id);
            } else {
                assertEquals("STORAGE_ERROR", r.rc(), r.toString());
                detail = r.detail();
                refused++;
            }
        }
        long fdsDuring = count(Path.of("/proc", Long.toString(pid), "fd"));
        long threadsDuring = count(Path.of("/proc", Long.toString(pid), "task"));

        assertEquals(MAX_PER_SITE, opened.size());
        assertEquals(300 - MAX_PER_SITE, refused);
        assertTrue(detail.contains("site site-a already has " + MAX_PER_SITE + " log streams open"), detail);
        try (Stream<Path> files = Files.list(store().resolve(jobA).resolve("site-a"))) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().matches("flood-\\d+\\.txt")
                    && Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "")) >= MAX_PER_SITE).count(),
                    "no file for a refused stream");
        }
        assertTrue(fdsDuring - fdsBefore <= MAX_PER_SITE + 10, "file descriptors " + fdsBefore + " -> " + fdsDuring);
        assertTrue(threadsDuring - threadsBefore <= 2, "threads " + threadsBefore + " -> " + threadsDuring);

        // another site still gets in, up to the overall limit
        int siteBOpened = 0;
        for (int i = 0; i < MAX_OPEN; i++) {
            if ("OK".equals(streams.open(siteB, jobB, "b-flood-" + i, "b-" + i + ".txt").rc())) {
                siteBOpened++;
            }
        }
        assertEquals(MAX_OPEN - MAX_PER_SITE, siteBOpened);
        StreamReply full = streams.open(siteB, jobB, "b-over", "b-over.txt");
        assertTrue(full.detail().contains("the server already has " + MAX_OPEN + " log streams open"), full.toString());

        // ending streams gives their slots back
        for (String id : opened) {
            assertEquals("OK", streams.end(siteA, jobA, id, 0).rc());
        }
        for (int i = 0; i < siteBOpened; i++) {
            assertEquals("OK", streams.end(siteB, jobB, "b-flood-" + i, 0).rc());
        }
        assertEquals("OK", streams.open(siteA, jobA, "flood-again", "flood-again.txt").rc());
        assertEquals("OK", streams.end(siteA, jobA, "flood-again", 0).rc());
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static byte[] chunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int chunk = 1 << 20;
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(UTF_8));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(UTF_8));
        }
        out.writeBytes("0\r\n\r\n".getBytes(UTF_8));
        return out.toByteArray();
    }
}
