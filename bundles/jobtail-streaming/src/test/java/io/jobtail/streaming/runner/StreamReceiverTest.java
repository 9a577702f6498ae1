package io.jobtail.streaming.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.memory.InMemoryMessenger;
import io.jobtail.streaming.testing.MemoryLogHandler;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiving side of the protocol, driven by raw requests. */
class StreamReceiverTest {
    @TempDir
    Path dir;
    StreamHarness h;

    @BeforeEach
    void setUp() {
        h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
    }

    private Message send(InMemoryMessenger from, String stream, StreamProtocol.Kind kind, long offset, String text) throws Exception {
        Message m = Message.empty().with(StreamProtocol.KIND, kind.name()).with(StreamProtocol.STREAM, stream);
        if (kind == StreamProtocol.Kind.OPEN) {
            m = m.with(StreamProtocol.PROPERTY_PREFIX + "file", "log.txt");
        }
        if (kind == StreamProtocol.Kind.DATA) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            m = m.with(StreamProtocol.OFFSET, offset).with(StreamProtocol.SIZE, b.length).withBody(b);
        }
        if (kind == StreamProtocol.Kind.END) {
            m = m.with(StreamProtocol.OFFSET, offset);
        }
        return from.request(new Destination("server", LogStreamer.CHANNEL, LogStreamer.TOPIC, "job-1"), m, Duration.ofSeconds(1));
    }

    private Message send(String stream, StreamProtocol.Kind kind, long offset, String text) throws Exception {
        return send(h.siteMessenger, stream, kind, offset, text);
    }

    private static long held(Message reply) {
        return Long.parseLong(reply.header(StreamProtocol.HELD));
    }

    private String received() {
        byte[] b = h.receivedBytes("log.txt");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aReceiverThatGoesAwayTakesOnlyItsOwnRegistrationWithIt() throws Exception {
        ConsumerFactory first = LogStreamer.registerStreamProcessing(h.server, h.received, Duration.ofSeconds(30), h.watchdog);
        MemoryLogHandler successor = new MemoryLogHandler();
        ConsumerFactory second = LogStreamer.registerStreamProcessing(h.server, successor, Duration.ofSeconds(30), h.watchdog);

        assertFalse(LogStreamer.unregisterStreamProcessing(h.server, first), "the replaced receiver must not remove its successor");
        assertEquals(ReturnCode.OK, send("s1", StreamProtocol.Kind.OPEN, 0, null).returnCode());
        send("s1", StreamProtocol.Kind.DATA, 0, "still served");
        assertEquals("still served", new String(successor.bytes("site-1", "job-1", "log.txt"), StandardCharsets.UTF_8));

        assertTrue(LogStreamer.unregisterStreamProcessing(h.server, second));
        assertFalse(LogStreamer.unregisterStreamProcessing(h.server, second), "idempotent");
        assertEquals(ReturnCode.NO_HANDLER, send("s2", StreamProtocol.Kind.OPEN, 0, null).returnCode());
    }

    @Test
    void openAnswersWithWhatIsHeldAndAgainWhenRepeated() throws Exception {
        assertEquals(0, held(send("s1", StreamProtocol.Kind.OPEN, 0, null)));
        send("s1", StreamProtocol.Kind.DATA, 0, "hello");
        assertEquals(5, held(send("s1", StreamProtocol.Kind.OPEN, 0, null)));
    }

    @Test
    void aDuplicatePrefixIsDroppedAndAGapIsParkedNotStoredUntilItFills() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 0, "abcdef");
        Message dup = send("s1", StreamProtocol.Kind.DATA, 3, "defghi");
        assertEquals(ReturnCode.OK, dup.returnCode());
        assertEquals(9, held(dup));
        Message gap = send("s1", StreamProtocol.Kind.DATA, 12, "mno");
        assertEquals(ReturnCode.OK, gap.returnCode());
        assertEquals("true", gap.header(StreamProtocol.QUEUED));
        assertEquals(9, held(gap), "held counts only contiguous bytes");
        assertEquals("abcdefghi", received());
        Message fill = send("s1", StreamProtocol.Kind.DATA, 9, "jkl");
        assertEquals(15, held(fill));
        assertEquals("abcdefghijklmno", received());
    }

    @Test
    void aGapBeyondTheReorderWindowIsAnsweredWithTheHeldOffset() throws Exception {
        h.server = new StreamRunner(h.serverMessenger, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5), null,
                new ReorderBudget(0, 0));
        h.registerReceiver(Duration.ofSeconds(30));
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 0, "abcdef");
        Message gap = send("s1", StreamProtocol.Kind.DATA, 20, "xyz");
        assertEquals(ReturnCode.OFFSET_MISMATCH, gap.returnCode());
        assertEquals(6, held(gap));
        assertEquals("abcdef", received());
    }

    @Test
    void heartbeatsResetTheIdleClockAndNeverReachTheChunkCallback() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        for (int i = 0; i < 5; i++) {
            h.time.advance(Duration.ofSeconds(20));
            assertEquals(ReturnCode.OK, send("s1", StreamProtocol.Kind.HEARTBEAT, 0, null).returnCode());
        }
        assertTrue(h.received.done().isEmpty(), "100 s of heartbeats kept a 30 s idle stream open");
        assertTrue(h.received.chunkSizes().isEmpty(), "no heartbeat reached the chunk callback");
        h.time.advance(Duration.ofSeconds(31));
        assertEquals(ReturnCode.TIMEOUT, h.received.done().get(0).rc());
    }

    @Test
    void aChunkWhoseDeclaredSizeDiffersFromItsBytesIsRefused() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        Message m = Message.empty().with(StreamProtocol.KIND, "DATA").with(StreamProtocol.STREAM, "s1")
                .with(StreamProtocol.OFFSET, 0).with(StreamProtocol.SIZE, 10).withBody("abc".getBytes(StandardCharsets.UTF_8));
        Message reply = h.siteMessenger.request(new Destination("server", LogStreamer.CHANNEL, LogStreamer.TOPIC, "job-1"),
                m, Duration.ofSeconds(1));
        assertEquals(ReturnCode.BAD_REQUEST_DATA, reply.returnCode());
        assertTrue(reply.detail().contains("declares 10 bytes but carries 3"), reply.detail());
        assertEquals("", received());
        assertEquals(ReturnCode.BAD_REQUEST_DATA, h.received.done().get(0).rc());
    }

    @Test
    void aChunkAfterTheStreamEndedIsRefusedButARepeatedEndIsAnsweredOk() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 0, "abc");
        assertEquals(ReturnCode.OK, send("s1", StreamProtocol.Kind.END, 3, null).returnCode());
        assertEquals(ReturnCode.STREAM_ENDED, send("s1", StreamProtocol.Kind.DATA, 3, "more").returnCode());
        assertEquals(ReturnCode.OK, send("s1", StreamProtocol.Kind.END, 3, null).returnCode());
        assertEquals("abc", received());
        assertEquals(1, h.received.done().size());
    }

    @Test
    void endBeforeEverythingIsHeldAsksForTheRest() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 0, "abc");
        Message reply = send("s1", StreamProtocol.Kind.END, 10, null);
        assertEquals(ReturnCode.OFFSET_MISMATCH, reply.returnCode());
        assertEquals(3, held(reply));
        assertTrue(h.received.done().isEmpty());
    }

    @Test
    void theDoneCallbackRunsOncePerStreamScopedToThatStream() throws Exception {
        send("a", StreamProtocol.Kind.OPEN, 0, null);
        send("b", StreamProtocol.Kind.OPEN, 0, null);
        send("a", StreamProtocol.Kind.DATA, 0, "x");
        send("a", StreamProtocol.Kind.END, 1, null);
        h.time.advance(Duration.ofSeconds(40)); // b times out; a must not be told twice
        send("a", StreamProtocol.Kind.END, 1, null);

        assertEquals(2, h.received.done().size());
        assertEquals(new MemoryLogHandler.Done("a", "site-1/job-1/log.txt", ReturnCode.OK), h.received.done().get(0));
        assertEquals(new MemoryLogHandler.Done("b", "site-1/job-1/log.txt", ReturnCode.TIMEOUT), h.received.done().get(1));
    }

    @Test
    void twoStreamsTimeOutIndependently() throws Exception {
        send("a", StreamProtocol.Kind.OPEN, 0, null);
        h.time.advance(Duration.ofSeconds(20));
        send("b", StreamProtocol.Kind.OPEN, 0, null);
        h.time.advance(Duration.ofSeconds(11));
        assertEquals(1, h.received.done().size());
        assertEquals("a", h.received.done().get(0).streamId());
        h.time.advance(Duration.ofSeconds(20));
        assertEquals(2, h.received.done().size());
        assertEquals("b", h.received.done().get(1).streamId());
        assertEquals(0, h.time.scheduledTasks(), "the shared check stops when nothing is watched");
    }

    @Test
    void aSenderThatDiesRightAfterOpeningTimesOut() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        h.time.advance(Duration.ofSeconds(31));
        assertEquals(ReturnCode.TIMEOUT, h.received.done().get(0).rc());
        assertEquals(0, h.server.openStreams());
        assertEquals(ReturnCode.STREAM_ENDED, send("s1", StreamProtocol.Kind.HEARTBEAT, 0, null).returnCode());
    }

    @Test
    void aZeroIdleTimeoutNeverClosesAStream() throws Exception {
        h.restartServer(Duration.ZERO);
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        h.time.advance(Duration.ofHours(1));
        assertTrue(h.received.done().isEmpty());
    }

    @Test
    void anotherSiteCannotTouchAStreamItDidNotOpen() throws Exception {
        InMemoryMessenger intruder = h.network.join("site-2", "site-2");
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 0, "mine");
        assertEquals(ReturnCode.UNKNOWN_STREAM, send(intruder, "s1", StreamProtocol.Kind.DATA, 4, "evil").returnCode());
        send(intruder, "s1", StreamProtocol.Kind.ABORT, 0, null);
        assertEquals("mine", received());
        assertTrue(h.received.done().isEmpty(), "the intruder's abort ended nothing");
        assertNull(h.received.bytes("site-2", "job-1", "log.txt"));
    }

    @Test
    void malformedRequestsAreRefusedWithTheReason() throws Exception {
        Destination d = new Destination("server", LogStreamer.CHANNEL, LogStreamer.TOPIC, "job-1");
        Message noStream = h.siteMessenger.request(d, Message.empty().with(StreamProtocol.KIND, "OPEN"), Duration.ofSeconds(1));
        assertEquals(ReturnCode.BAD_REQUEST_DATA, noStream.returnCode());
        Message badKind = h.siteMessenger.request(d, Message.empty().with(StreamProtocol.KIND, "PUSH")
                .with(StreamProtocol.STREAM, "s"), Duration.ofSeconds(1));
        assertEquals(ReturnCode.BAD_REQUEST_DATA, badKind.returnCode());
        assertTrue(badKind.detail().contains("PUSH"), badKind.detail());
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        Message badOffset = h.siteMessenger.request(d, Message.empty().with(StreamProtocol.KIND, "DATA")
                .with(StreamProtocol.STREAM, "s1").with(StreamProtocol.OFFSET, "-5").with(StreamProtocol.SIZE, 1)
                .withBody(new byte[] {1}), Duration.ofSeconds(1));
        assertEquals(ReturnCode.BAD_REQUEST_DATA, badOffset.returnCode());
    }

    @Test
    void shutdownEndsOpenStreamsAsAbortedAndUnregisters() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        h.server.shutdownStreamer();
        assertEquals(ReturnCode.TASK_ABORTED, h.received.done().get(0).rc());
        assertEquals(ReturnCode.NO_HANDLER, send("s2", StreamProtocol.Kind.OPEN, 0, null).returnCode());
    }

    @Test
    void aReceiverFailureToStoreKeepsTheStreamOpenForARetry() throws Exception {
        io.jobtail.streaming.log.LogChunkHandler failing = new io.jobtail.streaming.log.LogChunkHandler() {
            int calls;

            @Override
            public long streamOpened(io.jobtail.api.streaming.StreamContext ctx) {
                return 0;
            }

            @Override
            public long chunkReceived(io.jobtail.api.streaming.StreamItem chunk, io.jobtail.api.streaming.StreamContext ctx)
                    throws java.io.IOException {
                if (calls++ == 0) {
                    throw new java.io.IOException("No space left on device");
                }
                return chunk.offset() + chunk.size();
            }

            @Override
            public void streamDone(io.jobtail.api.streaming.StreamContext ctx, ReturnCode rc) {
            }
        };
        LogStreamer.registerStreamProcessing(h.server, failing, Duration.ofSeconds(30), h.watchdog);
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        Message first = send("s1", StreamProtocol.Kind.DATA, 0, "abc");
        assertEquals(ReturnCode.STORAGE_ERROR, first.returnCode());
        assertTrue(first.detail().contains("No space left"), first.detail());
        assertEquals(0, held(first));
        Message second = send("s1", StreamProtocol.Kind.DATA, 0, "abc");
        assertEquals(ReturnCode.OK, second.returnCode());
        assertEquals(3, held(second));
    }
}
