package io.jobtail.host.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.host.Json;
import io.jobtail.host.Widgets;
import io.jobtail.host.server.JobRegistry;
import io.jobtail.host.server.JobStatus;
import io.jobtail.host.server.ServerJobLog;
import io.jobtail.host.server.WorkEndpoint;
import io.jobtail.streaming.memory.InMemoryNetwork;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job the operator aborts after the site was handed it but before the site started its process:
 * the site runs its real job code against the real server endpoint over an in-memory network, with
 * a process starter that records launches instead of starting processes. Time stands still (a fixed
 * clock on the server; the site's poll interval is never waited for on these paths).
 */
class SiteRuntimeAbortTest {
    private static final String SITE = "site-1";

    @TempDir
    Path dir;

    private final InMemoryNetwork network = InMemoryNetwork.withServerAliases();
    private final List<String> launched = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    /** What a widget does at BEFORE_JOB_LAUNCH, given the job id (an operator acting meanwhile). */
    private volatile Consumer<String> atBeforeJobLaunch = jobId -> { };
    private JobRegistry registry;
    private ServerJobLog serverLog;
    private Messenger siteMessenger;
    private SiteRuntime site;

    @BeforeEach
    void setUp() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        registry = new JobRegistry(dir.resolve("server/jobs"), clock);
        serverLog = new ServerJobLog(dir.resolve("server/logs"), clock);
        new WorkEndpoint(registry, serverLog).registerOn(network.join(Destination.SERVER, "server"));
        siteMessenger = new StatusRecorder(network.join(SITE, SITE), reports);
        Widget widget = (type, ctx) -> {
            events.add(type + " " + ctx.jobId());
            if (EventType.BEFORE_JOB_LAUNCH.is(type)) {
                atBeforeJobLaunch.accept(ctx.jobId());
            }
        };
        JobProcessStarter starter = (workspace, jobDir, jobId, siteName, server, tokenFile) -> {
            launched.add(jobId);
            return new ExitedProcess(0);
        };
        site = new SiteRuntime(SITE, URI.create("http://127.0.0.1:1"), dir.resolve("site"), dir.resolve("site/token"),
                Duration.ofMillis(10), new Widgets(List.of(widget)), starter, siteMessenger);
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    /** Submits a job for the site and hands it out as the site's poll does; returns the job the site got. */
    private JsonNode handOut() throws Exception {
        registry.submit("abort-test", List.of(SITE), Json.MAPPER.readTree("{\"work\": {\"main_class\": \"x.Y\"}}"));
        Message reply = siteMessenger.request(new Destination(Destination.SERVER_PARENT, WorkEndpoint.CHANNEL,
                WorkEndpoint.NEXT, null), Message.empty(), Duration.ofSeconds(1));
        assertTrue(reply.header("job_id") != null, "the server handed out no job: " + reply);
        return Json.MAPPER.readTree(reply.body());
    }

    private Optional<String> claimedEnd(String jobId) throws Exception {
        return new JobClaims(new Workspace(dir.resolve("site"))).endedStatus(jobId);
    }

    /**
     * No process; the site-side events of a job that never ran (BEFORE_JOB_LAUNCH had fired, so
     * JOB_COMPLETED pairs it); ABORTED as the site's final report and in its claim.
     */
    private void assertNotLaunchedButEndedAborted(String jobId) throws Exception {
        assertEquals(List.of(), launched, "an aborted job's process must not be started");
        assertEquals(List.of("BEFORE_JOB_LAUNCH " + jobId, "JOB_COMPLETED " + jobId), events);
        assertEquals("ABORTED", reports.get(reports.size() - 1), "the site's final report; all: " + reports);
        assertEquals(Optional.of("ABORTED"), claimedEnd(jobId));
    }

    @Test
    void jobAbortedBeforeTheSiteConfirmedItIsNeverLaunched() throws Exception {
        JsonNode job = handOut();
        String jobId = job.path("job_id").asText();
        registry.abort(jobId);

        site.runJob(job);

        assertNotLaunchedButEndedAborted(jobId);
        assertEquals(JobStatus.ABORTED, registry.get(jobId).orElseThrow().siteStatus().get(SITE));
    }

    @Test
    void jobAbortedWhileItsLaunchIsPreparedIsNeverLaunched() throws Exception {
        JsonNode job = handOut();
        String jobId = job.path("job_id").asText();
        // the site has confirmed the job (its first report) by the time BEFORE_JOB_LAUNCH fires
        atBeforeJobLaunch = registry::abort;

        site.runJob(job);

        assertNotLaunchedButEndedAborted(jobId);
        assertEquals(JobStatus.ABORTED, registry.get(jobId).orElseThrow().siteStatus().get(SITE),
                "the server learns the site's run ended aborted from the site's report");
        assertTrue(Files.readString(serverLog.file(jobId)).contains("site " + SITE + " reports ABORTED"),
                Files.readString(serverLog.file(jobId)));
    }

    @Test
    void jobNotAbortedIsLaunchedOnce() throws Exception {
        JsonNode job = handOut();
        String jobId = job.path("job_id").asText();

        site.runJob(job);

        assertEquals(List.of(jobId), launched);
        assertEquals(List.of("BEFORE_JOB_LAUNCH " + jobId, "JOB_COMPLETED " + jobId), events);
        assertEquals(Optional.of("FINISHED_OK"), claimedEnd(jobId));
        assertEquals(JobStatus.FINISHED_OK, registry.get(jobId).orElseThrow().siteStatus().get(SITE));
    }

    @Test
    void whenTheServerCannotBeAskedBeforeTheLaunchTheJobIsLaunched() throws Exception {
        JsonNode job = handOut();
        String jobId = job.path("job_id").asText();
        // the check right before the launch fails; the status loop would still learn of an abort later
        atBeforeJobLaunch = id -> network.failNext(1);

        site.runJob(job);

        assertEquals(List.of(jobId), launched);
        assertEquals(JobStatus.FINISHED_OK, registry.get(jobId).orElseThrow().siteStatus().get(SITE));
    }

    /** Passes requests through, recording the status of every job status report sent. */
    private static final class StatusRecorder implements Messenger {
        private final Messenger delegate;
        private final List<String> statuses;

        StatusRecorder(Messenger delegate, List<String> statuses) {
            this.delegate = delegate;
            this.statuses = statuses;
        }

        @Override
        public Message request(Destination destination, Message request, Duration timeout)
                throws MessengerException, InterruptedException {
            if (WorkEndpoint.STATUS.equals(destination.topic())) {
                statuses.add(request.header("status"));
            }
            return delegate.request(destination, request, timeout);
        }

        @Override
        public void register(String channel, String topic, MessageHandler handler) {
            delegate.register(channel, topic, handler);
        }

        @Override
        public void unregister(String channel, String topic) {
            delegate.unregister(channel, topic);
        }
    }

    /** A job process that has already exited with {@code exitValue}. */
    private static final class ExitedProcess extends Process {
        private final int exitValue;

        ExitedProcess(int exitValue) {
            this.exitValue = exitValue;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            return exitValue;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public int exitValue() {
            return exitValue;
        }

        @Override
        public void destroy() {
        }

        @Override
        public long pid() {
            return -1;
        }
    }
}
