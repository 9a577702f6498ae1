package io.jobtail.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.memory.InMemoryMessenger;
import io.jobtail.streaming.runner.StreamProtocol;
import io.jobtail.streaming.testing.RecordingLogger;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Which streams the receiver admits: the limits on open streams and job membership, driven with
 * raw protocol messages over the in-memory network (as a misbehaving site would send them).
 */
class JobLogReceiverAdmissionTest {
    private static final Duration IDLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final RecordingLogger log = new RecordingLogger();
    private StreamHarness h;
    private InMemoryMessenger site2;

    @BeforeEach
    void network() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        h = new StreamHarness(dir.resolve("site"));
        site2 = h.network.join("site-2", "site-2");
    }

    private JobLogReceiver receiver(int max, int maxPerSite) {
        JobLogReceiver r = new JobLogReceiver(new LogStore(dir.resolve("store"), 1 << 20, Clock.systemUTC()), IDLE,
                h.watchdog, new OpenStreams(max, maxPerSite), log);
        JobContext ctx = JobContext.builder().identityName("server").processType(ProcessType.SERVER_PARENT)
                .workspace(new Workspace(dir.resolve("server"))).engine(h.server).build();
        r.handleEvent(EventType.SYSTEM_START.name(), ctx);
        return r;
    }

    private static Message request(StreamProtocol.Kind kind, String stream) {
        return Message.empty().with(StreamProtocol.KIND, kind.name()).with(StreamProtocol.STREAM, stream);
    }

    private static Message open(String stream, String file) {
        return request(StreamProtocol.Kind.OPEN, stream).with(StreamProtocol.PROPERTY_PREFIX + StreamContext.FILE_NAME, file)
                .with(StreamProtocol.PROPERTY_PREFIX + StreamContext.MODE, "LIVE");
    }

    private static Message data(String stream, long offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return request(StreamProtocol.Kind.DATA, stream).with(StreamProtocol.OFFSET, offset)
                .with(StreamProtocol.SIZE, bytes.length).withBody(bytes);
    }

    private static Message end(String stream, long offset) {
        return request(StreamProtocol.Kind.END, stream).with(StreamProtocol.OFFSET, offset);
    }

    private static Message send(InMemoryMessenger from, String job, Message request) throws Exception {
        return from.request(new Destination(Destination.SERVER_PARENT, LogStreamer.CHANNEL, LogStreamer.TOPIC, job),
                request, Duration.ofSeconds(5));
    }

    private Path stored(String job, String site, String file) {
        return dir.resolve("store").resolve(job).resolve(site).resolve(file);
    }

    @Test
    void aSiteOverItsLimitIsRefusedWithAClearRetryableCodeAndNothingIsOpened() throws Exception {
        JobLogReceiver r = receiver(100, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("s" + i, "log" + i + ".txt")).returnCode());
        }

        Message refused = send(h.siteMessenger, "job-1", open("s3", "log3.txt"));

        assertEquals(ReturnCode.STORAGE_ERROR, refused.returnCode());
        assertTrue(refused.returnCode().isTransient(), "the sender backs off and retries");
        assertTrue(refused.detail().contains("site site-1 already has 3 log streams open")
                && refused.detail().contains("max_open_streams_per_site"), refused.detail());
        assertFalse(Files.exists(stored("job-1", "site-1", "log3.txt")), "nothing written for the refused stream");
        assertEquals(3, r.openStreams());
        assertEquals(3, h.server.openStreams());
        // another site is not held back by site-1's streams
        assertEquals(ReturnCode.OK, send(site2, "job-1", open("t0", "log.txt")).returnCode());
    }

    @Test
    void theOverallLimitHoldsAcrossSites() throws Exception {
        receiver(2, 2);
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("s0", "a.txt")).returnCode());
        assertEquals(ReturnCode.OK, send(site2, "job-1", open("t0", "a.txt")).returnCode());

        Message refused = send(site2, "job-1", open("t1", "b.txt"));

        assertEquals(ReturnCode.STORAGE_ERROR, refused.returnCode());
        assertTrue(refused.detail().contains("the server already has 2 log streams open")
                && refused.detail().contains("max_open_streams"), refused.detail());
    }

    @Test
    void slotsComeBackWhenStreamsEndAreAbortedOrGoIdle() throws Exception {
        JobLogReceiver r = receiver(100, 2);
        send(h.siteMessenger, "job-1", open("a", "a.txt"));
        send(h.siteMessenger, "job-1", open("b", "b.txt"));
        assertEquals(ReturnCode.STORAGE_ERROR, send(h.siteMessenger, "job-1", open("c", "c.txt")).returnCode());

        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", data("a", 0, "hello\n")).returnCode());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", end("a", 6)).returnCode());
        assertEquals(1, r.openStreams());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("c", "c.txt")).returnCode());

        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", request(StreamProtocol.Kind.ABORT, "c")).returnCode());
        assertEquals(1, r.openStreams());

        h.time.advance(IDLE.plusSeconds(1)); // b has said nothing since it opened
        h.watchdog.check();
        assertEquals(0, r.openStreams());
        assertEquals(0, h.server.openStreams());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("d", "d.txt")).returnCode());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("e", "e.txt")).returnCode());
    }

    @Test
    void refusedOpensDoNotLeakSlots() throws Exception {
        JobLogReceiver r = receiver(100, 1);
        for (int i = 0; i < 20; i++) {
            // bad names are refused before a slot is taken, failed opens give theirs back
            assertEquals(ReturnCode.BAD_REQUEST_DATA, send(h.siteMessenger, "job-1", open("bad" + i, "../x")).returnCode());
        }
        Message stateName = send(h.siteMessenger, "job-1", open("state", "log.txt.state.json"));
        assertEquals(ReturnCode.BAD_REQUEST_DATA, stateName.returnCode(), "the store's own rule, not a crash");
        assertTrue(stateName.detail().contains("reserved for the store's state files"), stateName.detail());
        assertFalse(Files.exists(dir.resolve("store").resolve("job-1")));
        Files.createDirectories(dir.resolve("store").resolve("job-1").resolve("site-1").resolve("dir.txt"));
        Message failed = send(h.siteMessenger, "job-1", open("dir", "dir.txt")); // a directory where the log goes
        assertEquals(ReturnCode.STORAGE_ERROR, failed.returnCode());
        assertTrue(failed.detail().startsWith("cannot open the stream's destination"), failed.detail());
        assertEquals(0, r.openStreams());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("ok", "log.txt")).returnCode());
    }

    @Test
    void aFloodOfNewStreamsIsRefusedPastTheLimitWithoutOpeningFilesAndOthersStillStream() throws Exception {
        JobLogReceiver r = receiver(10_000, 50);
        int refused = 0;
        for (int i = 0; i < 2_000; i++) {
            if (send(h.siteMessenger, "job-1", open("flood-" + i, "f" + i + ".txt")).returnCode() == ReturnCode.STORAGE_ERROR) {
                refused++;
            }
        }
        assertEquals(1_950, refused);
        try (Stream<Path> files = Files.list(dir.resolve("store").resolve("job-1").resolve("site-1"))) {
            assertEquals(100, files.count(), "50 logs and their states, nothing for the refused");
        }
        assertEquals(ReturnCode.OK, send(site2, "job-1", open("x", "log.txt")).returnCode());
        assertEquals(ReturnCode.OK, send(site2, "job-1", data("x", 0, "still served\n")).returnCode());
        assertEquals(ReturnCode.OK, send(site2, "job-1", end("x", 13)).returnCode());
        assertEquals("still served\n", Files.readString(stored("job-1", "site-2", "log.txt")));
        assertEquals(50, r.openStreams());
    }

    @Test
    void aSiteThatDoesNotTakePartInTheJobIsRefusedAndNothingIsWritten() throws Exception {
        JobLogReceiver r = receiver(100, 10);
        r.membership((job, site) -> job.equals("job-1") && site.equals("site-1"));

        Message refused = send(site2, "job-1", open("x", "log.txt"));
        Message again = send(site2, "job-1", open("y", "log.txt"));

        assertEquals(ReturnCode.NOT_ALLOWED, refused.returnCode());
        assertEquals(ReturnCode.NOT_ALLOWED, again.returnCode());
        assertEquals("site site-2 does not take part in job job-1; its logs are not accepted for that job", refused.detail());
        assertFalse(Files.exists(dir.resolve("store").resolve("job-1")), "nothing was written");
        assertEquals(1, log.at(Level.WARN).stream().filter(l -> l.contains("does not take part")).count(),
                "logged once per (site, job): " + log.lines());
        assertEquals(0, r.openStreams());
        assertEquals(ReturnCode.OK, send(h.siteMessenger, "job-1", open("z", "log.txt")).returnCode());
    }

    @Test
    void aMembershipCheckThatFailsRefusesForNowAndSaysWhy() throws Exception {
        JobLogReceiver r = receiver(100, 10);
        r.membership((job, site) -> {
            throw new IllegalStateException("registry unavailable");
        });

        Message refused = send(h.siteMessenger, "job-1", open("x", "log.txt"));

        assertEquals(ReturnCode.STORAGE_ERROR, refused.returnCode());
        assertTrue(refused.detail().contains("could not check whether site site-1 takes part in job job-1")
                && refused.detail().contains("registry unavailable"), refused.detail());
        assertFalse(Files.exists(dir.resolve("store").resolve("job-1")));
    }

    @Test
    void theFactoryReadsTheLimitsAndRefusesBadOnes() {
        JobLogReceiverFactory f = new JobLogReceiverFactory();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.create(Map.of("dest_dir",
                dir.toString(), JobLogReceiverFactory.MAX_OPEN_STREAMS_PER_SITE, 0)));
        assertTrue(e.getMessage().contains(JobLogReceiverFactory.MAX_OPEN_STREAMS_PER_SITE), e.getMessage());
        assertNull(new OpenStreams(1, 1).tryAcquire("a"));
        assertThrows(IllegalStateException.class, () -> new OpenStreams(1, 1).release("a"));
        JobLogReceiver r = (JobLogReceiver) f.create(Map.of("dest_dir", dir.toString(),
                JobLogReceiverFactory.MAX_OPEN_STREAMS, 7, JobLogReceiverFactory.MAX_OPEN_STREAMS_PER_SITE, 3));
        assertEquals(0, r.openStreams());
    }
}
