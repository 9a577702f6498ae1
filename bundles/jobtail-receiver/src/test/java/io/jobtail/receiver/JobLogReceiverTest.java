package io.jobtail.receiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.SiteSettings;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamDoneCallback;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.api.streaming.StreamableEngine;
import io.jobtail.receiver.store.LogState;
import io.jobtail.receiver.store.LogStatus;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.runner.RetryPolicy;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.RecordingLogger;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** JobLogReceiver on a real LogStore, fed by a site over the in-memory network on fake time. */
class JobLogReceiverTest {
    @TempDir
    Path dir;
    final RecordingLogger log = new RecordingLogger();

    private StreamHarness harness() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        return new StreamHarness(dir.resolve("site"));
    }

    private JobLogReceiver receiver(StreamHarness h, long quota, SiteSettings settings) {
        JobLogReceiver r = new JobLogReceiver(new LogStore(dir.resolve("store"), quota, Clock.systemUTC()),
                Duration.ofSeconds(30), h.watchdog, log);
        r.handleEvent(EventType.SYSTEM_START.name(), serverContext(h.server, settings));
        return r;
    }

    private JobLogReceiver receiver(StreamHarness h) {
        return receiver(h, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, SiteSettings.defaults());
    }

    private JobContext serverContext(StreamableEngine engine, SiteSettings siteOneSettings) {
        return JobContext.builder().identityName("server").processType(ProcessType.SERVER_PARENT)
                .workspace(new Workspace(dir.resolve("server"))).engine(engine)
                .sites(site -> "site-1".equals(site) ? siteOneSettings : null).build();
    }

    private Path stored(String file) {
        return dir.resolve("store").resolve("job-1").resolve("site-1").resolve(file);
    }

    private static Signal stopped() {
        Signal s = new Signal();
        s.trigger();
        return s;
    }

    private List<Path> everythingUnder(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted(Comparator.naturalOrder()).toList();
        }
    }

    @Test
    void registersOnSystemStartAboutToStartRunAndStartRunEveryTime() {
        List<String> registrations = new ArrayList<>();
        StreamableEngine engine = new StreamableEngine() {
            @Override
            public StreamResult streamObjects(String c, String t, StreamContext s, String target, ObjectProducer p, JobContext j) {
                throw new AssertionError("not used");
            }

            @Override
            public void registerStreamProcessing(String c, String t, ConsumerFactory f, StreamDoneCallback d) {
                registrations.add(c + "/" + t);
            }

            @Override
            public void shutdownStreamer() {
            }
        };
        JobLogReceiver r = new JobLogReceiver(new LogStore(dir), Duration.ofSeconds(30),
                new io.jobtail.streaming.log.IdleWatchdog(System::nanoTime, (task, p) -> () -> { }, Duration.ofSeconds(1)), log);
        JobContext ctx = serverContext(engine, SiteSettings.defaults());
        for (EventType e : List.of(EventType.SYSTEM_START, EventType.ABOUT_TO_START_RUN, EventType.START_RUN,
                EventType.START_RUN, EventType.END_RUN, EventType.JOB_COMPLETED)) {
            r.handleEvent(e.name(), ctx);
        }
        assertEquals(List.of("log_streaming/live_log", "log_streaming/live_log", "log_streaming/live_log",
                "log_streaming/live_log"), registrations);
    }

    @Test
    void storesUnderTheTrustedPeerIdentityWhatEverTheStreamClaims() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(20);

        StreamResult result = LogStreamer.streamLog(h.jobContext(), Destination.SERVER_PARENT, job.file(), StreamMode.LIVE,
                Map.of("job_id", "../../other", "client_name", "../../forged"), h.options().build(), stopped());

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("log.txt")));
        assertTrue(everythingUnder(dir).stream().noneMatch(p -> p.toString().contains("forged") || p.toString().contains("other")));
        assertEquals(LogStatus.COMPLETE, new LogStore(dir.resolve("store")).state("job-1", "site-1", "log.txt").get().status());
        assertTrue(log.at(Level.INFO).stream().anyMatch(l -> l.startsWith("Saved live log 'log.txt' from site-1 for job job-1")),
                log.lines().toString());
    }

    @Test
    void aSiteThatDisallowsStreamingIsRefusedSoItsSenderStopsAndTheErrorIsLoggedOnce() throws Exception {
        StreamHarness h = harness();
        receiver(h, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, SiteSettings.of(Map.of("allow_log_streaming", false)));
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(5);

        StreamResult first = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());
        StreamResult second = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertEquals(ReturnCode.NOT_ALLOWED, first.returnCode());
        assertEquals(ReturnCode.NOT_ALLOWED, second.returnCode());
        assertEquals(1, log.at(Level.ERROR).size(), log.lines().toString());
        assertTrue(log.at(Level.ERROR).get(0).contains("'allow_log_streaming' disabled"));
        assertFalse(Files.exists(dir.resolve("store").resolve("job-1")), "nothing was written");
    }

    @Test
    void noErrorForAnUnknownOrAllowingSite() throws Exception {
        StreamHarness h = harness();
        receiver(h, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, SiteSettings.of(Map.of("allow_log_streaming", true)));
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(2);
        assertEquals(ReturnCode.OK, h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped()).returnCode());
        assertTrue(log.at(Level.ERROR).isEmpty(), log.lines().toString());
    }

    @Test
    void anEmptyLogTxtWarnsButAnEmptyErrorLogDoesNot() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        Files.createFile(h.workspace.resolve("log.txt"));
        Files.createFile(h.workspace.resolve("error_log.txt"));

        h.stream(h.workspace.resolve("error_log.txt"), StreamMode.LIVE, h.options().build(), stopped());
        assertTrue(log.at(Level.WARN).isEmpty(), log.lines().toString());
        h.stream(h.workspace.resolve("log.txt"), StreamMode.LIVE, h.options().build(), stopped());
        assertEquals(List.of("No log data received from site-1 for job job-1 (log.txt)"), log.at(Level.WARN));
    }

    @Test
    void noSavedLineWhenStoringTheCompleteLogFails() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(3);
        h.time.onSleep(() -> {
            // the store's directory disappears under it before the stream completes
            try (Stream<Path> s = Files.walk(dir.resolve("store").resolve("job-1"))) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertTrue(log.at(Level.INFO).stream().noneMatch(l -> l.startsWith("Saved live log")), log.lines().toString());
        assertTrue(log.at(Level.ERROR).stream().anyMatch(l -> l.startsWith("Could not finalize log 'log.txt'")),
                log.lines().toString());
    }

    @Test
    void aStreamCutOffByTheNetworkTimesOutAndKeepsItsPartialLog() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(3);
        h.time.onSleep(() -> h.network.failNext(1_000)); // the site loses the server for good

        StreamResult result = h.stream(job.file(), StreamMode.LIVE,
                h.options().retryPolicy(RetryPolicy.DEFAULT.withBudget(Duration.ofSeconds(45))).build(), new Signal());

        assertEquals(ReturnCode.COMMUNICATION_ERROR, result.returnCode());
        LogState state = new LogStore(dir.resolve("store")).state("job-1", "site-1", "log.txt").get();
        assertEquals(LogStatus.TIMEOUT, state.status());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("log.txt")));
        assertTrue(log.at(Level.WARN).stream().anyMatch(l -> l.contains("ended with rc=TIMEOUT; partial log retained at")),
                log.lines().toString());
    }

    @Test
    void pastTheQuotaTheSenderIsToldToStopAndTheStateSaysTheLogWasCut() throws Exception {
        StreamHarness h = harness();
        receiver(h, 100, SiteSettings.defaults());
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(10);

        StreamResult result = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertEquals(ReturnCode.QUOTA_EXCEEDED, result.returnCode());
        assertEquals(100, Files.size(stored("log.txt")));
        assertTrue(new LogStore(dir.resolve("store")).state("job-1", "site-1", "log.txt").get().cut());
    }

    @Test
    void aBadFileNameIsRefusedAndNothingIsWritten() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        GrowingLog job = new GrowingLog(h.workspace.resolve("-log.txt")).lines(2);

        StreamResult result = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertEquals(ReturnCode.BAD_REQUEST_DATA, result.returnCode());
        assertTrue(result.detail().contains("log file name \"-log.txt\" is not allowed"), result.detail());
        assertFalse(Files.exists(dir.resolve("store").resolve("job-1")));
        assertTrue(log.at(Level.WARN).get(0).startsWith("Refused a log stream from site-1/job-1"), log.lines().toString());
    }

    @Test
    void aSecondLiveStreamOfTheSameLogResumesAndASnapshotReplacesItOnlyWhenComplete() throws Exception {
        StreamHarness h = harness();
        receiver(h);
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(5);
        h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());
        job.lines(4);
        int before = h.network.requestCount();

        StreamResult resumed = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertEquals(ReturnCode.OK, resumed.returnCode());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("log.txt")));
        assertTrue(h.network.requestCount() - before < 12, "only the new bytes were sent");

        StreamResult snapshot = h.stream(job.file(), StreamMode.SNAPSHOT, h.options().build(), stopped());
        assertEquals(ReturnCode.OK, snapshot.returnCode());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("log.txt")));
    }

    @Test
    void aLogAServerLeftStreamingIsMarkedInterruptedAtStartAndItsSenderResumesItByteForByte() throws Exception {
        StreamHarness h = harness();
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(50);
        byte[] firstPart = java.util.Arrays.copyOf(job.written(), 700);
        // what a server killed mid-stream leaves: a partial log whose state still says STREAMING
        io.jobtail.receiver.store.LogWriter abandoned = new LogStore(dir.resolve("store")).openLive("job-1", "site-1", "log.txt");
        abandoned.append(0, firstPart, 0, firstPart.length);

        receiver(h);

        LogState state = new LogStore(dir.resolve("store")).state("job-1", "site-1", "log.txt").get();
        assertEquals(LogStatus.INTERRUPTED, state.status());
        assertEquals(700, state.bytes());
        assertTrue(log.at(Level.WARN).stream().anyMatch(l -> l.startsWith("1 log(s) in ") && l.contains("INTERRUPTED")),
                log.lines().toString());

        StreamResult resumed = h.stream(job.file(), StreamMode.LIVE, h.options().build(), stopped());

        assertEquals(ReturnCode.OK, resumed.returnCode(), resumed.detail());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("log.txt")));
        assertEquals(LogStatus.COMPLETE, new LogStore(dir.resolve("store")).state("job-1", "site-1", "log.txt").get().status());
    }

    @Test
    void theFactoryRefusesUnknownArgumentsAndBuildsAWorkingReceiver() {
        JobLogReceiverFactory f = new JobLogReceiverFactory();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.create(Map.of("dest", "x")));
        assertTrue(e.getMessage().contains("unknown argument(s) [dest]"), e.getMessage());
        JobLogReceiver r = (JobLogReceiver) f.create(Map.of("dest_dir", dir.toString(), "idle_timeout", 0, "quota_bytes", 10));
        assertEquals(10, r.store().quotaBytesPerLog());
        assertTrue(java.util.ServiceLoader.load(io.jobtail.api.ComponentFactory.class).stream()
                .anyMatch(p -> p.get().type().equals(JobLogReceiver.TYPE)));
    }
}
