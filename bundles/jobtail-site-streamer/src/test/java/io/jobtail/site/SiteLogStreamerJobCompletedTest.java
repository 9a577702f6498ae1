package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.SiteSettings;
import io.jobtail.api.Workspace;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JOB_COMPLETED in the site process: the error log as a snapshot, the live log resumed. */
class SiteLogStreamerJobCompletedTest {
    @TempDir
    Path dir;
    StreamHarness h;

    /** Runs the upload on the test's thread. */
    static final ThreadFactory INLINE = r -> new Thread(r) {
        @Override
        public synchronized void start() {
            run();
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        h = new StreamHarness(Files.createDirectories(dir.resolve("job-1")));
        h.registerReceiver(Duration.ofSeconds(30));
    }

    private SiteLogStreamer streamer(String file) {
        SiteLogStreamer s = SiteLogStreamer.fromArgs(Map.of("log_file_name", file));
        s.uploadWith(h.options().build(), INLINE);
        return s;
    }

    private JobContext siteContext(ProcessType type, SiteSettings settings) {
        return JobContext.builder().jobId("job-1").identityName("site-1").processType(type)
                .workspace(new Workspace(dir)).engine(h.site).siteSettings(settings).build();
    }

    @Test
    void theErrorLogIsUploadedAsASnapshotUnderTheRightJobAndSite() {
        GrowingLog errors = new GrowingLog(dir.resolve("job-1").resolve("error_log.txt")).lines(4);
        streamer("error_log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));
        assertArrayEquals(errors.written(), h.received.bytes("site-1", "job-1", "error_log.txt"));
        assertEquals(ReturnCode.OK, h.received.done().get(0).rc());
    }

    @Test
    void theLiveLogResumesFromWhatTheServerHoldsInsteadOfSendingASnapshot() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("job-1").resolve("log.txt")).lines(4);
        h.stream(log.file(), stopped()); // what the job's own streamer sent
        log.lines(3); // written after END_RUN
        int before = h.network.requestCount();

        streamer("log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));

        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(h.network.requestCount() - before <= 6, "only the rest was sent: " + (h.network.requestCount() - before));
    }

    @Test
    void anUploadTheServerCannotTakeWithinTheRetryBudgetIsRetriedUntilItCan() {
        GrowingLog log = new GrowingLog(dir.resolve("job-1").resolve("log.txt")).lines(5);
        // on fake time: 100 failed requests outlast the 60 s budget of the first attempt several times over
        h.network.failNext(100);

        streamer("log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));

        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(h.time.nanos() > Duration.ofSeconds(120).toNanos(), "more than one attempt's budget passed");
    }

    @Test
    void anUploadIsGivenUpOnceTheRetryPeriodHasPassed() {
        new GrowingLog(dir.resolve("job-1").resolve("log.txt")).lines(5);
        h.network.failNext(Integer.MAX_VALUE);

        streamer("log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));

        assertNull(h.receivedBytes("log.txt"));
        long spent = h.time.nanos();
        assertTrue(spent >= SiteLogStreamer.UPLOAD_RETRY_FOR.toNanos(), "retried for the whole period: " + spent);
        assertTrue(spent < SiteLogStreamer.UPLOAD_RETRY_FOR.plusMinutes(2).toNanos(), "and then gave up: " + spent);
    }

    @Test
    void jobCompletedReturnsOnlyOnceTheUploadIsOnTheServer() {
        GrowingLog log = new GrowingLog(dir.resolve("job-1").resolve("log.txt")).lines(5);
        Thread caller = Thread.currentThread();
        // The upload starts only once the caller is inside Thread.join waiting for it (or after
        // 2 s), so a JOB_COMPLETED that returned without waiting returns before a byte is sent.
        ThreadFactory afterCallerJoins = r -> new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!joining(caller) && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            r.run();
        });
        SiteLogStreamer s = SiteLogStreamer.fromArgs(Map.of("log_file_name", "log.txt"));
        s.uploadWith(h.options().build(), afterCallerJoins);

        s.handleEvent(EventType.JOB_COMPLETED.name(), siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));

        assertArrayEquals(log.written(), h.receivedBytes("log.txt"), "the whole log is on the server when the event returns");
    }

    @Test
    void nothingIsUploadedWhenTheSiteDisallowsStreamingOrOutsideTheSiteProcess() {
        new GrowingLog(dir.resolve("job-1").resolve("error_log.txt")).lines(2);
        streamer("error_log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.of(Map.of("allow_log_streaming", false))));
        streamer("error_log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_JOB, SiteSettings.defaults()));
        assertEquals(0, h.network.requestCount());
        assertNull(h.received.bytes("site-1", "job-1", "error_log.txt"));
    }

    @Test
    void aMissingLogIsNotUploaded() {
        streamer("error_log.txt").handleEvent(EventType.JOB_COMPLETED.name(),
                siteContext(ProcessType.CLIENT_PARENT, SiteSettings.defaults()));
        assertEquals(0, h.network.requestCount());
        assertTrue(h.received.done().isEmpty());
    }

    private static boolean joining(Thread t) {
        return java.util.Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(Thread.class.getName()) && f.getMethodName().equals("join"));
    }

    private static io.jobtail.api.Signal stopped() {
        io.jobtail.api.Signal s = new io.jobtail.api.Signal();
        s.trigger();
        return s;
    }
}
