package io.jobtail.host.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Names;
import io.jobtail.api.ProcessType;
import io.jobtail.api.SiteSettings;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.host.AtomicFiles;
import io.jobtail.host.Components;
import io.jobtail.host.Json;
import io.jobtail.host.Widgets;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessenger;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site process: polls the server for work every {@code pollInterval}, and for each job deploys
 * its config to {@code <ws>/<job>/app_<site>/config/config_fed_client.json}, fires
 * {@code BEFORE_JOB_LAUNCH}, launches the job process, reports its status while it runs (learning
 * of aborts and log level changes from the replies), fires {@code JOB_COMPLETED} once it exited and
 * then reports the final status — in that order, so that by the time the server sees the job
 * ended, the lines the job wrote after {@code END_RUN} have been sent.
 *
 * <p>The server may hand out a job again when the site's confirmation (its first status report, sent
 * as soon as it has the job) did not reach it. The site launches each job id at most once: it claims
 * the job ({@link JobClaims}, atomic on disk, so also across site restarts) before deploying it, and
 * answers a job it already claimed with a status report instead of launching it.
 *
 * <p>A job the operator aborts after its hand-out but before its process started is never started:
 * right after {@code BEFORE_JOB_LAUNCH}, immediately before the launch, the site checks whether the
 * server has aborted the job (the reply to its confirmation, else one more status report). If so it
 * still fires {@code JOB_COMPLETED} and reports the job ABORTED: every job that saw
 * {@code BEFORE_JOB_LAUNCH} sees {@code JOB_COMPLETED}, as one whose launch failed does, so site
 * widgets can release what they prepared for it. The job-process events ({@code START_RUN} to
 * {@code END_RUN}) belong to the job process and do not fire. An abort that arrives after the check
 * is handled by the status loop, which stops the running process.
 *
 * <p>Threads: {@link #run} polls on the caller's thread until {@link #close}; each job is watched on
 * a thread of its own. A server that cannot be reached is retried at the poll interval; the site
 * never gives up on a job it launched.
 */
public final class SiteRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteRuntime.class);
    public static final String CONFIG_FILE = "site.json";
    /** The file in the job directory that tells the job process its log level (see JobRunner). */
    public static final String LOG_LEVEL_FILE = "log_level";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final String site;
    private final URI server;
    private final Workspace workspace;
    private final Path tokenFile;
    private final Messenger messenger;
    private final StreamRunner engine;
    private final SiteSettings settings;
    private final Widgets widgets;
    private final JobProcessStarter launcher;
    private final Duration pollInterval;
    private final JobClaims claims;
    /** Jobs this process launched and has not finished with yet. */
    private final java.util.Set<String> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService jobThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jobtail-site-job");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** Job processes not yet ended; destroyed by {@link #close} so a stopped site leaves no orphan. */
    private final java.util.Set<Process> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A site whose widgets are the components its {@code <ws>/site.json} lists, created through
     * {@link java.util.ServiceLoader}, launching jobs on this JVM's class path (the plain-JVM host).
     */
    public SiteRuntime(String site, URI server, Path workspace, Path tokenFile, Duration pollInterval) throws IOException {
        this(site, server, workspace, tokenFile, pollInterval, configuredWidgets(workspace), JobLauncher.sameClassPath());
    }

    /**
     * A site whose widgets come from {@code widgets}, a live set the caller may add to and remove
     * from while the site runs (OSGi whiteboard): a job sees the widgets present when each of its
     * events fires. {@code site.json} still supplies the site settings; its components are not created.
     *
     * @param launcher starts the job processes
     */
    public SiteRuntime(String site, URI server, Path workspace, Path tokenFile, Duration pollInterval, Widgets widgets,
            JobLauncher launcher) throws IOException {
        // the site name is checked before the token file is read, so a bad name is the error reported
        this(Names.requireSafe("site name", site), server, workspace, tokenFile, pollInterval, widgets, launcher,
                HttpMessenger.builder(server).tokenFile(tokenFile).build());
    }

    /**
     * A site that talks to the server through {@code messenger} and starts job processes with
     * {@code launcher} (tests hand in an in-memory messenger and a starter that starts nothing).
     */
    SiteRuntime(String site, URI server, Path workspace, Path tokenFile, Duration pollInterval, Widgets widgets,
            JobProcessStarter launcher, Messenger messenger) throws IOException {
        this.site = io.jobtail.api.Names.requireSafe("site name", site);
        this.server = server;
        this.workspace = new Workspace(workspace);
        this.tokenFile = tokenFile.toAbsolutePath();
        this.messenger = Objects.requireNonNull(messenger, "messenger");
        this.engine = new StreamRunner(messenger);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("site " + site + ": poll interval must be positive, not " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.launcher = java.util.Objects.requireNonNull(launcher, "launcher");
        this.widgets = java.util.Objects.requireNonNull(widgets, "widgets");
        Files.createDirectories(this.workspace.root());
        this.claims = new JobClaims(this.workspace);
        JsonNode config = siteConfig(this.workspace.root());
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = Json.MAPPER.convertValue(config, Map.class);
        raw.remove("components");
        this.settings = SiteSettings.of(raw);
    }

    /** The widgets {@code <ws>/site.json} (or the default config) lists, found through ServiceLoader. */
    private static Widgets configuredWidgets(Path workspace) throws IOException {
        Path root = new Workspace(workspace).root();
        Files.createDirectories(root);
        return new Widgets(Components.discover().create(siteConfig(root), root.resolve(CONFIG_FILE).toString()));
    }

    /** {@code <ws>/site.json}, or the default: streaming on, one site streamer for log.txt and one for error_log.txt. */
    static JsonNode siteConfig(Path ws) throws IOException {
        JsonNode configured = Json.readIfExists(ws.resolve(CONFIG_FILE));
        if (configured != null) {
            return configured;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put(SiteSettings.ALLOW_LOG_STREAMING, true);
        var list = root.putArray("components");
        for (String file2 : new String[] {Workspace.LOG_FILE, Workspace.ERROR_LOG_FILE}) {
            ObjectNode entry = list.addObject();
            entry.put("id", "site_streamer_" + file2.replace('.', '_'));
            entry.put("path", "io.jobtail.site.SiteLogStreamer");
            entry.putObject("args").put("log_file_name", file2);
        }
        return root;
    }

    /** Polls for work until {@link #close}; blocks the calling thread. */
    public void run() throws InterruptedException {
        widgets.start(baseContext().build());
        LOG.info("site {} polling {} for jobs, workspace {}", site, server, workspace.root());
        boolean reachable = true;
        while (!closed) {
            try {
                Message reply = messenger.request(new Destination(Destination.SERVER_PARENT, "jobs", "next", null),
                        Message.empty().withBody(Json.MAPPER.writeValueAsBytes(settings.asMap())), REQUEST_TIMEOUT);
                if (!reachable) {
                    LOG.info("site {}: server {} is reachable again", site, server);
                    reachable = true;
                }
                if (reply.header("job_id") != null) {
                    accept(Json.MAPPER.readTree(reply.body()));
                    continue;
                }
            } catch (MessengerException e) {
                if (reachable) {
                    LOG.warn("site {}: cannot ask {} for work ({}); retrying every {} ms", site, server, e.getMessage(),
                            pollInterval.toMillis());
                    reachable = false;
                }
            } catch (IOException e) {
                LOG.error("site {}: the server's job could not be read: {}", site, e.toString());
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private JobContext.Builder baseContext() {
        return JobContext.builder().identityName(site).processType(ProcessType.CLIENT_PARENT).workspace(workspace)
                .engine(engine).siteSettings(settings);
    }

    /**
     * Takes a job the server handed out: launches it on a job thread if this site never claimed it,
     * else only confirms it (the server offered it again because it missed the confirmation).
     * Called on the poller thread; never throws.
     */
    void accept(JsonNode job) {
        String jobId = job.path("job_id").asText();
        boolean first;
        try {
            first = claims.claim(jobId);
        } catch (IOException | IllegalArgumentException e) {
            // unconfirmed, so the server offers it again after its lease
            LOG.error("site {}: cannot claim job {} in {}; not launched: {}", site, jobId, workspace.root(), e.toString());
            return;
        }
        if (first) {
            active.add(jobId);
            jobThreads.execute(() -> runJob(job));
        } else {
            jobThreads.execute(() -> confirmAgain(jobId));
        }
    }

    /** Answers a job offered again: its current status, never a second launch. Never throws. */
    private void confirmAgain(String jobId) {
        String status;
        if (active.contains(jobId)) {
            status = "RUNNING";
        } else {
            try {
                status = claims.endedStatus(jobId).orElse(null);
            } catch (IOException e) {
                LOG.warn("site {}: cannot read the claim of job {}: {}", site, jobId, e.toString());
                return;
            }
            if (status == null) {
                // claimed by an earlier run of this site that ended before the job did: its end was never seen
                LOG.error("site {}: job {} was taken by an earlier run of this site and is not running here;"
                        + " it is not launched again and is reported FINISHED_EXCEPTION", site, jobId);
                status = "FINISHED_EXCEPTION";
            }
        }
        LOG.info("site {}: job {} offered again; already taken, confirming it as {} without launching it", site, jobId, status);
        try {
            report(jobId, status);
        } catch (MessengerException e) {
            LOG.warn("site {}: cannot confirm job {} ({}); the server will offer it again", site, jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one job this site claimed to its end; never throws (a failure is reported as the job's
     * status). Confirms the hand-out first, so the server does not offer the job again; does not
     * start the process of a job aborted before its launch (see the class comment). Blocks the
     * calling thread until the job ended and its end was reported, or the site closed.
     */
    void runJob(JsonNode job) {
        String jobId = job.path("job_id").asText();
        Message confirmation = null;
        try {
            confirmation = report(jobId, "RUNNING");
        } catch (MessengerException e) {
            // the RUNNING reports while the job runs, or the answer to an offer made again, confirm it later
            LOG.warn("site {}: cannot confirm job {} yet ({}); launching it anyway", site, jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            active.remove(jobId);
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(JobContext.META_JOB_ID, jobId);
        meta.put("name", job.path("name").asText());
        JobContext ctx = baseContext().jobId(jobId).jobMeta(meta).build();
        String status = "FINISHED_EXCEPTION";
        try {
            Path config = workspace.clientConfig(jobId, site);
            AtomicFiles.write(config, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(job.path("config")));
            widgets.fire(EventType.BEFORE_JOB_LAUNCH.name(), ctx);
            if (abortedBeforeLaunch(jobId, confirmation)) {
                LOG.info("site {}: job {} was aborted by the server before its launch; its process is not started", site,
                        jobId);
                status = "ABORTED";
            } else {
                LOG.info("site {}: launching job {}", site, jobId);
                Process process = launcher.start(workspace.root(), workspace.jobDir(jobId), jobId, site, server, tokenFile);
                running.add(process);
                try {
                    status = watch(jobId, process);
                } finally {
                    running.remove(process);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("site {}: job {} could not be launched: {}", site, jobId, e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("site {}: job {} ended: {}", site, jobId, status);
        widgets.fire(EventType.JOB_COMPLETED.name(), ctx);
        try {
            claims.ended(jobId, status);
        } catch (IOException e) {
            LOG.warn("site {}: cannot record the end of job {} in its claim: {}", site, jobId, e.toString());
        }
        active.remove(jobId);
        while (!closed) {
            try {
                report(jobId, status);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (MessengerException e) {
                LOG.warn("site {}: cannot report {} of job {} ({}); retrying", site, status, jobId, e.getMessage());
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Whether the server has aborted {@code jobId}, asked right before its process would start: the
     * reply to the site's confirmation may already say so (the job was aborted between its hand-out
     * and the confirmation), else one more status report asks (it may have been aborted while the
     * site deployed it and fired BEFORE_JOB_LAUNCH). When the server cannot be asked the answer is
     * no: the job launches, as when its confirmation failed, and the status loop stops it if it
     * learns of an abort later. Blocks for at most one request.
     *
     * @param confirmation the reply to the site's first status report for the job, or null if none came
     */
    private boolean abortedBeforeLaunch(String jobId, Message confirmation) throws InterruptedException {
        if (confirmation != null && abortRequested(confirmation)) {
            return true;
        }
        try {
            return abortRequested(report(jobId, "RUNNING"));
        } catch (MessengerException e) {
            LOG.warn("site {}: cannot ask whether job {} was aborted before its launch ({}); launching it", site, jobId,
                    e.getMessage());
            return false;
        }
    }

    private static boolean abortRequested(Message statusReply) {
        return "true".equals(statusReply.header("abort"));
    }

    /** Waits for the job process, reporting RUNNING; kills it on abort. Returns the final status. */
    private String watch(String jobId, Process process) throws InterruptedException {
        String level = null;
        boolean aborted = false;
        while (!process.waitFor(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            try {
                Message reply = report(jobId, "RUNNING");
                String wanted = reply.header("log_level");
                if (wanted != null && !wanted.equals(level)) {
                    AtomicFiles.write(workspace.jobDir(jobId).resolve(LOG_LEVEL_FILE), wanted.getBytes(StandardCharsets.US_ASCII));
                    level = wanted;
                }
                if (abortRequested(reply) && !aborted) {
                    aborted = true;
                    LOG.info("site {}: job {} aborted by the server; stopping its process {}", site, jobId, process.pid());
                    process.destroy();
                    if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                }
            } catch (MessengerException e) {
                LOG.debug("site {}: status of job {} not reported: {}", site, jobId, e.getMessage());
            } catch (IOException e) {
                LOG.warn("site {}: cannot write the log level of job {}: {}", site, jobId, e.toString());
            }
        }
        if (aborted) {
            return "ABORTED";
        }
        return process.exitValue() == 0 ? "FINISHED_OK" : "FINISHED_EXCEPTION";
    }

    private Message report(String jobId, String status) throws MessengerException, InterruptedException {
        Message reply = messenger.request(new Destination(Destination.SERVER_PARENT, "jobs", "status", null),
                Message.empty().with("job_id", jobId).with("status", status), REQUEST_TIMEOUT);
        if (reply.returnCode() != io.jobtail.api.streaming.ReturnCode.OK) {
            LOG.warn("site {}: server refused status {} of job {}: {} {}", site, status, jobId, reply.returnCode(), reply.detail());
        }
        return reply;
    }

    /**
     * Stops polling and ends the job processes still running (destroy, then forcibly after a grace
     * period), so that stopping a site leaves no orphan. Idempotent; blocks for at most the grace period.
     */
    @Override
    public void close() {
        closed = true;
        running.forEach(Process::destroy);
        for (Process p : running) {
            try {
                if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        jobThreads.shutdownNow();
        engine.shutdownStreamer();
    }
}
