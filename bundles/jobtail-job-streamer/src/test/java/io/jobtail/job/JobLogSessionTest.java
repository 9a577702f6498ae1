package io.jobtail.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.MemoryLogHandler;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log named by a trusted host (agent, sidecar), streamed with the run's events fired by the session. */
class JobLogSessionTest {
    @TempDir
    Path dir;

    private StreamHarness harness() {
        // the harness's workspace is never used: the session's log is outside any job directory
        StreamHarness h = new StreamHarness(dir.resolve("unused-workspace"));
        h.registerReceiver(Duration.ofSeconds(30));
        return h;
    }

    @Test
    void aLogOutsideAnyJobDirectoryStreamsUnderItsPlainFileName() throws Exception {
        StreamHarness h = harness();
        Path log = Files.createDirectories(dir.resolve("var/lib/app")).resolve("app.log");
        GrowingLog written = new GrowingLog(log).lines(4);
        LogStreamOptions fakeTime = h.options().chunkSize(LogStreamOptions.DEFAULT_CHUNK_SIZE).build();
        JobLogStreamer streamer = JobLogStreamer.forFile(log, JobLogStreamerSettings.DEFAULTS, fakeTime,
                new JobLogStreamerTest.InlineThreads());
        JobLogSession session = new JobLogSession("job-1", "site-1", streamer, h.site);
        AtomicInteger step = new AtomicInteger();
        h.time.onSleep(() -> {
            int i = step.incrementAndGet();
            if (i < 3) {
                written.lines(2);
            } else if (i == 3) {
                session.finish(); // the stream runs inline: finishing here is finishing while it runs
                written.lines(1); // written while stopping: drained
            }
        });

        session.start();

        List<MemoryLogHandler.Done> done = h.received.done();
        assertEquals(1, done.size(), done.toString());
        assertEquals("site-1/job-1/app.log", done.get(0).key(), "stored under the plain name, no directory");
        assertEquals(ReturnCode.OK, done.get(0).rc());
        assertArrayEquals(written.written(), h.receivedBytes("app.log"));
        assertEquals("app.log", streamer.settings().logFileName());
    }

    @Test
    void openStreamsOverTheMessengerAndFinishDrainsBeforeReturning() throws Exception {
        StreamHarness h = harness();
        Path log = Files.createDirectories(dir.resolve("elsewhere")).resolve("script.log");
        JobLogSession session = JobLogSession.open("job-1", "site-1", log,
                JobLogStreamerSettings.DEFAULTS.withPollInterval(Duration.ofMillis(20)), h.siteMessenger);
        session.finish(); // before start: nothing
        session.start();
        session.start(); // a second START_RUN would be a second stream
        GrowingLog written = new GrowingLog(log).lines(50);
        written.append("unterminated".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        session.finish();
        session.finish();

        assertArrayEquals(written.written(), h.receivedBytes("script.log"), "all of it had arrived when finish returned");
        assertEquals(1, h.received.done().size(), "one stream for two starts: " + h.received.done());
    }

    @Test
    void aPathTheServerCouldNotStoreIsRefusedNamingIt() {
        JobLogStreamerSettings s = JobLogStreamerSettings.DEFAULTS;
        assertEquals("log file logs/app.log must be an absolute path",
                assertThrows(IllegalArgumentException.class, () -> JobLogStreamer.forFile(Path.of("logs/app.log"), s)).getMessage());
        String unsafe = assertThrows(IllegalArgumentException.class,
                () -> JobLogStreamer.forFile(dir.resolve("my log.txt"), s)).getMessage();
        assertTrue(unsafe.contains("\"my log.txt\" is not allowed: it contains ' ' at position 2"), unsafe);
        assertTrue(unsafe.startsWith("log file " + dir.resolve("my log.txt")), unsafe);
        assertEquals("log file / names no file",
                assertThrows(IllegalArgumentException.class, () -> JobLogStreamer.forFile(Path.of("/"), s)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobLogSession.open("../x", "site-1",
                dir.resolve("app.log"), s, harness().siteMessenger)).getMessage().startsWith("job id \"../x\" is not allowed"));
    }

    @Test
    void theExplicitPathIsNormalizedAndItsNameIsWhatIsSent() {
        JobLogStreamer s = JobLogStreamer.forFile(dir.resolve("a/../b/./job.log"), JobLogStreamerSettings.DEFAULTS);
        assertEquals(dir.resolve("b/job.log"), s.logFile());
        assertEquals("job.log", s.settings().logFileName());
    }

    @Test
    void aSessionRefusesAStreamerMadeFromAJobConfig() {
        StreamHarness h = harness();
        JobLogStreamer fromConfig = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new JobLogSession("job-1", "site-1", fromConfig, h.site))
                .getMessage().contains("was made from a job config"));
    }
}
