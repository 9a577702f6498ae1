package io.jobtail.streaming.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's reorder window, driven by raw requests: order, overlaps, and both bounds. */
class ReorderWindowTest {
    private static final long PER_STREAM = 8;
    private static final long TOTAL = 12;

    @TempDir
    Path dir;
    StreamHarness h;
    ReorderBudget budget = new ReorderBudget(PER_STREAM, TOTAL);

    @BeforeEach
    void setUp() {
        h = new StreamHarness(dir);
        h.server = new StreamRunner(h.serverMessenger, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5), null, budget);
        h.registerReceiver(Duration.ofSeconds(30));
    }

    private Message send(String stream, StreamProtocol.Kind kind, long offset, String text) throws Exception {
        Message m = Message.empty().with(StreamProtocol.KIND, kind.name()).with(StreamProtocol.STREAM, stream);
        if (kind == StreamProtocol.Kind.OPEN) {
            m = m.with(StreamProtocol.PROPERTY_PREFIX + "file", stream + ".txt");
        }
        if (kind == StreamProtocol.Kind.DATA) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            m = m.with(StreamProtocol.OFFSET, offset).with(StreamProtocol.SIZE, b.length).withBody(b);
        }
        return h.siteMessenger.request(new Destination("server", LogStreamer.CHANNEL, LogStreamer.TOPIC, "job-1"), m,
                Duration.ofSeconds(1));
    }

    private static long held(Message reply) {
        return Long.parseLong(reply.header(StreamProtocol.HELD));
    }

    private String received(String stream) {
        byte[] b = h.receivedBytes(stream + ".txt");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void chunksArrivingInReverseAreStoredInOrder() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        Message third = send("s1", StreamProtocol.Kind.DATA, 6, "ghi");
        Message second = send("s1", StreamProtocol.Kind.DATA, 3, "def");
        assertEquals(ReturnCode.OK, third.returnCode());
        assertEquals("true", third.header(StreamProtocol.QUEUED));
        assertEquals(0, held(second));
        assertEquals("", received("s1"));

        Message first = send("s1", StreamProtocol.Kind.DATA, 0, "abc");

        assertEquals(ReturnCode.OK, first.returnCode());
        assertNull(first.header(StreamProtocol.QUEUED));
        assertEquals(9, held(first));
        assertEquals("abcdefghi", received("s1"));
        assertEquals(0, budget.used());
    }

    @Test
    void resentAndOverlappingParkedChunksAreStoredOnce() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 4, "efgh");
        send("s1", StreamProtocol.Kind.DATA, 4, "efgh"); // a resend after a lost reply
        send("s1", StreamProtocol.Kind.DATA, 2, "cdef"); // overlaps the parked one
        assertEquals(8, budget.used());

        Message first = send("s1", StreamProtocol.Kind.DATA, 0, "ab");

        assertEquals(8, held(first));
        assertEquals("abcdefgh", received("s1"));
        assertEquals(0, budget.used());
        Message late = send("s1", StreamProtocol.Kind.DATA, 4, "efgh"); // a late duplicate
        assertEquals(ReturnCode.OK, late.returnCode());
        assertEquals("abcdefgh", received("s1"));
    }

    @Test
    void theWindowIsBoundedPerStreamAndInTotal() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s2", StreamProtocol.Kind.OPEN, 0, null);
        assertEquals("true", send("s1", StreamProtocol.Kind.DATA, 10, "123456").header(StreamProtocol.QUEUED));
        Message overStream = send("s1", StreamProtocol.Kind.DATA, 20, "789");
        assertEquals(ReturnCode.OFFSET_MISMATCH, overStream.returnCode(), "6 + 3 bytes > 8 per stream");
        assertEquals(0, held(overStream));
        assertEquals("true", send("s2", StreamProtocol.Kind.DATA, 10, "abcdef").header(StreamProtocol.QUEUED));
        Message overTotal = send("s2", StreamProtocol.Kind.DATA, 30, "g");
        assertEquals(ReturnCode.OFFSET_MISMATCH, overTotal.returnCode(), "12 + 1 bytes > 12 in total");
        assertEquals(12, budget.used());

        send("s1", StreamProtocol.Kind.DATA, 0, "0123456789"); // fills s1's gap: its parked bytes go to the log

        assertEquals("0123456789123456", received("s1"));
        assertEquals(6, budget.used());
        assertEquals("true", send("s2", StreamProtocol.Kind.DATA, 30, "g").header(StreamProtocol.QUEUED), "room again");
    }

    @Test
    void anEndedStreamGivesBackWhatItHadParked() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 5, "xyz");
        assertEquals(3, budget.used());

        assertEquals(ReturnCode.OK, send("s1", StreamProtocol.Kind.ABORT, 0, null).returnCode());

        assertEquals(0, budget.used());
        assertEquals("", received("s1"));
    }

    @Test
    void endWhileAChunkIsParkedAsksForTheGap() throws Exception {
        send("s1", StreamProtocol.Kind.OPEN, 0, null);
        send("s1", StreamProtocol.Kind.DATA, 3, "def");
        Message end = h.siteMessenger.request(new Destination("server", LogStreamer.CHANNEL, LogStreamer.TOPIC, "job-1"),
                Message.empty().with(StreamProtocol.KIND, "END").with(StreamProtocol.STREAM, "s1").with(StreamProtocol.OFFSET, 6),
                Duration.ofSeconds(1));
        assertEquals(ReturnCode.OFFSET_MISMATCH, end.returnCode());
        assertEquals(0, held(end));
    }
}
