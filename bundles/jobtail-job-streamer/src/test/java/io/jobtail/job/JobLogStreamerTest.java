package io.jobtail.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.ComponentFactory;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.SiteSettings;
import io.jobtail.api.Workspace;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.memory.InMemoryMessenger;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.MemoryLogHandler;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogStreamerTest {
    @TempDir
    Path dir;

    /** Threads that run their work inline when started: the stream runs on the test thread. */
    static final class InlineThreads implements ThreadFactory {
        final List<Thread> made = new ArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r) {
                @Override
                public synchronized void start() {
                    run();
                }
            };
            made.add(t);
            return t;
        }
    }

    private JobContext jobContext(StreamHarness h, SiteSettings settings) {
        return JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(dir)).engine(h.site).siteSettings(settings).build();
    }

    private StreamHarness harness() {
        StreamHarness h = new StreamHarness(dir.resolve("job-1"));
        h.registerReceiver(Duration.ofSeconds(30));
        return h;
    }

    private static LogStreamOptions fakeTime(StreamHarness h) {
        return h.options().chunkSize(LogStreamOptions.DEFAULT_CHUNK_SIZE).build();
    }

    @Test
    void disallowedByTheSiteItDoesNothingAndStartsNoThread() {
        StreamHarness h = harness();
        InlineThreads threads = new InlineThreads();
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS, fakeTime(h), threads);
        s.handleEvent(EventType.START_RUN.name(), jobContext(h, SiteSettings.of(Map.of("allow_log_streaming", false))));
        s.handleEvent(EventType.END_RUN.name(), jobContext(h, SiteSettings.defaults()));
        assertTrue(threads.made.isEmpty());
        assertNull(s.thread());
        assertEquals(0, h.network.requestCount());
    }

    @Test
    void allowedItStreamsOnADaemonThreadNamedLogStreamer() throws Exception {
        StreamHarness h = harness();
        Files.createDirectories(dir.resolve("job-1"));
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS.withPollInterval(Duration.ofMillis(20)));
        JobContext ctx = JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(dir)).engine(h.newRunner(h.siteMessenger)).build();
        s.handleEvent(EventType.START_RUN.name(), ctx);
        try {
            assertTrue(s.thread().isDaemon());
            assertTrue(s.thread().getName().startsWith("log_streamer_"), s.thread().getName());
        } finally {
            s.handleEvent(EventType.END_RUN.name(), ctx);
        }
    }

    @Test
    void theJobsLogArrivesWithLinesWrittenAfterAboutToEndRunAndTheAbortDoesNotCutIt() throws Exception {
        StreamHarness h = harness();
        GrowingLog log = new GrowingLog(Files.createDirectories(dir.resolve("job-1")).resolve("log.txt")).lines(5);
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS, fakeTime(h), new InlineThreads());
        JobContext ctx = jobContext(h, SiteSettings.defaults());
        ctx.abortSignal().trigger(); // the job was aborted: its log must still drain
        AtomicInteger step = new AtomicInteger();
        h.time.onSleep(() -> {
            int i = step.incrementAndGet();
            if (i < 4) {
                log.lines(2);
            } else if (i == 4) {
                s.handleEvent(EventType.ABOUT_TO_END_RUN.name(), ctx);
                log.lines(1); // shutdown lines, in the drain window
            }
        });

        s.handleEvent(EventType.START_RUN.name(), ctx);
        s.handleEvent(EventType.END_RUN.name(), ctx);

        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void endRunAloneStopsTheStream() throws Exception {
        StreamHarness h = harness();
        GrowingLog log = new GrowingLog(Files.createDirectories(dir.resolve("job-1")).resolve("log.txt")).lines(3);
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS.withPollInterval(Duration.ofMillis(10)));
        JobContext ctx = JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(dir)).engine(h.newRunner(h.siteMessenger)).build();
        s.handleEvent(EventType.START_RUN.name(), ctx);

        s.handleEvent(EventType.END_RUN.name(), ctx); // no ABOUT_TO_END_RUN: END_RUN must stop it itself

        assertTrue(s.stopping());
        assertTrue(!s.thread().isAlive(), "the stream finished within the END_RUN wait");
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void aLogThatIsNeverCreatedEndsQuietlyAtStop() {
        StreamHarness h = harness();
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.DEFAULTS, fakeTime(h), new InlineThreads());
        JobContext ctx = jobContext(h, SiteSettings.defaults());
        h.time.onSleep(() -> s.handleEvent(EventType.ABOUT_TO_END_RUN.name(), ctx));
        s.handleEvent(EventType.START_RUN.name(), ctx);
        assertEquals(0, h.network.requestCount(), "nothing was sent for a file that never appeared");
    }

    @Test
    void aFailureThatOutlastsTheRetryBudgetResumesTheStreamInsteadOfEndingIt() throws Exception {
        StreamHarness h = harness();
        GrowingLog log = new GrowingLog(Files.createDirectories(dir.resolve("job-1")).resolve("log.txt")).lines(3);
        JobLogStreamerSettings settings = JobLogStreamerSettings.fromArgs(Map.of("retry_budget", 2));
        JobLogStreamer s = new JobLogStreamer(settings, fakeTime(h), new InlineThreads());
        JobContext ctx = jobContext(h, SiteSettings.defaults());
        AtomicInteger step = new AtomicInteger();
        h.time.onSleep(() -> {
            int i = step.incrementAndGet();
            if (i == 2) {
                h.network.failNext(12); // longer than the 2 s budget: two stream attempts give up
                log.lines(2);
            } else if (i == 90) {
                log.lines(1);
                s.handleEvent(EventType.ABOUT_TO_END_RUN.name(), ctx);
            }
        });

        s.handleEvent(EventType.START_RUN.name(), ctx);

        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(h.received.done().size() >= 1);
    }

    @Test
    void theTargetIsTheServerParentOnlyWhenAsked() throws Exception {
        for (boolean parent : new boolean[] {false, true}) {
            StreamHarness h = new StreamHarness(dir.resolve("job-1"));
            InMemoryMessenger parentProcess = h.network.join("parent_process", "server");
            h.network.alias("server_parent", "parent_process");
            MemoryLogHandler atParent = new MemoryLogHandler();
            io.jobtail.streaming.LogStreamer.registerStreamProcessing(h.newRunner(parentProcess), atParent,
                    Duration.ofSeconds(30), h.watchdog);
            h.registerReceiver(Duration.ofSeconds(30));
            new GrowingLog(Files.createDirectories(dir.resolve("job-1")).resolve("log.txt")).lines(1);
            JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.fromArgs(Map.of("target_parent_server", parent)),
                    fakeTime(h), new InlineThreads());
            JobContext ctx = jobContext(h, SiteSettings.defaults());
            h.time.onSleep(() -> s.handleEvent(EventType.ABOUT_TO_END_RUN.name(), ctx));

            s.handleEvent(EventType.START_RUN.name(), ctx);

            assertEquals(parent ? 1 : 0, atParent.done().size(), "parent=" + parent);
            assertEquals(parent ? 0 : 1, h.received.done().size(), "parent=" + parent);
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("log_file_name", "/etc/passwd"))).getMessage().contains("must be relative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("log_file_name", "../x.txt"))).getMessage().contains("'..'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("poll_interval", -1))).getMessage().contains("poll_interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("pol_interval", 1))).getMessage().contains("unknown argument(s) [pol_interval]"));
        assertEquals("logs/app.log", JobLogStreamerSettings.fromArgs(Map.of("log_file_name", "logs/app.log")).logFileName());
    }

    @Test
    void aChunkSizeTheServerWouldRefuseIsRefusedWhenTheArgumentsAreRead() {
        int limit = LogStreamOptions.MAX_CHUNK_SIZE;
        String m = assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("chunk_size", limit + 1))).getMessage();
        assertTrue(m.startsWith("JobLogStreamer: argument chunk_size must be at most " + limit + " bytes"), m);
        assertTrue(m.contains("not " + (limit + 1)), m);
        // a number past an int's range gets the same message, not an overflow
        m = assertThrows(IllegalArgumentException.class, () -> JobLogStreamerSettings.fromArgs(
                Map.of("chunk_size", 1L << 40))).getMessage();
        assertTrue(m.contains("not " + (1L << 40)), m);
        assertEquals(limit, JobLogStreamerSettings.fromArgs(Map.of("chunk_size", limit)).chunkSize());
    }

    @Test
    void theFactoryIsFoundThroughServiceLoaderAndAppliesTheArguments() {
        ComponentFactory f = ServiceLoader.load(ComponentFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.type().equals(JobLogStreamer.TYPE)).findFirst().orElseThrow();
        JobLogStreamer s = (JobLogStreamer) f.create(Map.of("target_parent_server", true, "liveness_interval", 3));
        assertTrue(s.settings().targetParentServer());
        assertEquals(Duration.ofSeconds(3), s.settings().livenessInterval());
    }

    @Test
    void aJobConfigCannotPointTheStreamerOutsideItsJobDirectory() {
        JobLogStreamerFactory factory = new JobLogStreamerFactory();
        for (String escape : List.of("/etc/passwd", "../other-job/log.txt", "logs/../../outside.log", "..\\x.log")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> factory.create(Map.of("log_file_name", escape)), escape);
            assertTrue(e.getMessage().startsWith("JobLogStreamer: argument log_file_name: "), e.getMessage());
        }
        // the trusted hosts' explicit path has no config argument
        for (String key : List.of("log_file", "log_path", "path", "file")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> factory.create(Map.of(key, "/etc/passwd")))
                    .getMessage().contains("unknown argument(s) [" + key + "]"), key);
        }
        // whatever a config says, the streamer it makes takes its log from <root>/<job_id>/
        JobLogStreamer s = (JobLogStreamer) factory.create(Map.of("log_file_name", "logs/app.log"));
        assertNull(s.logFile());
        assertEquals("logs/app.log", s.settings().logFileName());
    }

    @Test
    void aConfigStreamerStreamsOnlyItsJobDirectorysFileNotASameNamedOneElsewhere() throws Exception {
        StreamHarness h = harness();
        Files.writeString(dir.resolve("log.txt"), "the workspace root's file, not the job's\n");
        Files.createDirectories(dir.resolve("job-1"));
        JobLogStreamer s = new JobLogStreamer(JobLogStreamerSettings.fromArgs(Map.of()), fakeTime(h), new InlineThreads());
        JobContext ctx = jobContext(h, SiteSettings.defaults());
        h.time.onSleep(() -> s.handleEvent(EventType.ABOUT_TO_END_RUN.name(), ctx));
        s.handleEvent(EventType.START_RUN.name(), ctx);
        assertEquals(0, h.network.requestCount(), "only <root>/job-1/log.txt may be streamed, and it never appeared");
    }
}
