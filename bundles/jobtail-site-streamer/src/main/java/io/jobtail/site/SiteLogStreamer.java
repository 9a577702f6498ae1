package io.jobtail.site;

import io.jobtail.api.ComponentArgs;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.LogStreamer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every job at this site stream a log file, without each job declaring a streamer: at
 * {@link EventType#BEFORE_JOB_LAUNCH}, when the job's config is deployed but its process not yet
 * started, it adds a {@code JobLogStreamer} entry to the deployed {@code config_fed_client.json}.
 * The streamer then runs inside the job process, which alone can see the job's files under Docker
 * or Kubernetes launchers.
 *
 * <ul>
 *   <li>Streaming allowed and no {@code JobLogStreamer} for the same file declared: appends
 *       {@code {"id": "auto_log_streamer", "path": "io.jobtail.job.JobLogStreamer", "args": {...}}}
 *       with {@code target_parent_server: true} and only the arguments that differ from the
 *       defaults. A streamer the job declares for another file does not stop the injection.
 *   <li>Streaming disallowed by the site's kill switch: removes every {@code JobLogStreamer} from
 *       the config. If that write fails the event handler throws, so the host records that the job
 *       config still streams.
 *   <li>Config absent, job id or site missing: nothing happens. Config unreadable, malformed, too
 *       large or of the wrong shape: logged as an error, the file is left byte for byte as it was
 *       and the job launches (without an injected streamer).
 * </ul>
 *
 * <p>Edits keep every other part of the config as it was (key order, values, number texts) and
 * replace the file atomically, so the job process never reads a half-written config.
 *
 * <p><b>Threads.</b> The host calls {@link #handleEvent} on its event thread; handling
 * {@code BEFORE_JOB_LAUNCH} blocks that thread for one bounded read and at most one write of the
 * config, and starts no thread. Handling {@code JOB_COMPLETED} uploads on a thread of its own and
 * blocks the caller until that upload ends, for at most {@link #UPLOAD_WAIT}: hosts report the
 * job's end after the event returns, and the upload must be on the server by then. An upload the
 * server cannot take within its retry budget (unreachable, disk full) is retried in the background
 * for up to {@link #UPLOAD_RETRY_FOR}, for as long as this site process runs. The instance holds
 * only its immutable arguments and is safe to use from several threads and for many jobs.
 *
 * <p><b>Idempotence.</b> Handling {@code BEFORE_JOB_LAUNCH} twice for the same job changes nothing
 * the second time: the injected streamer counts as the one for the same file, and a stripped config
 * has nothing left to strip.
 */
public final class SiteLogStreamer implements Widget {
    /** The {@code path} under which hosts create this widget from a config entry. */
    public static final String TYPE = "io.jobtail.site.SiteLogStreamer";
    /**
     * The {@code path} of the job-side streamer that is injected. Named here rather than imported:
     * the site process must not need the job streamer's classes.
     */
    public static final String JOB_LOG_STREAMER_TYPE = "io.jobtail.job.JobLogStreamer";
    /** The id given to the injected entry, suffixed {@code _2}, {@code _3}, … if the job uses it already. */
    public static final String AUTO_STREAMER_ID = "auto_log_streamer";

    public static final Duration DEFAULT_LIVENESS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    /**
     * How long JOB_COMPLETED waits for its upload: a little over the upload's retry budget, so a
     * reachable server always gets the whole log before the host reports the job's end.
     */
    static final Duration UPLOAD_WAIT = Duration.ofSeconds(75);
    /**
     * How long an upload that keeps failing transiently is retried, counted from the job's end. The
     * lines written after END_RUN (and whatever the job's streamer could not send) exist only on
     * the site; an hour outlasts a server restart or a disk filled up and cleared by an operator.
     */
    static final Duration UPLOAD_RETRY_FOR = Duration.ofHours(1);
    static final String ARG_LOG_FILE_NAME = "log_file_name";
    static final String ARG_LIVENESS_INTERVAL = "liveness_interval";
    static final String ARG_POLL_INTERVAL = "poll_interval";
    static final String ARG_TARGET_PARENT_SERVER = "target_parent_server";
    private static final Set<String> KNOWN_ARGS = Set.of(ARG_LOG_FILE_NAME, ARG_LIVENESS_INTERVAL,
            ARG_POLL_INTERVAL);

    private static final Logger LOG = LoggerFactory.getLogger(SiteLogStreamer.class);
    private static final AtomicInteger UPLOADS = new AtomicInteger();

    private final String logFileName;
    private final Duration livenessInterval;
    private final Duration pollInterval;
    private final Logger log;
    private final FileReplacer replacer;
    /** Time, sleeping and file events for the JOB_COMPLETED upload; tests inject fakes. */
    private volatile LogStreamOptions uploadOptions = LogStreamOptions.defaults();
    /** Makes the upload thread; tests run it inline. */
    private volatile ThreadFactory uploadThreads = r -> {
        Thread t = new Thread(r, "site_log_upload_" + UPLOADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    /** Streams {@code log.txt} with the default intervals. */
    public SiteLogStreamer() {
        this(Workspace.LOG_FILE, DEFAULT_LIVENESS_INTERVAL, DEFAULT_POLL_INTERVAL);
    }

    /**
     * @param logFileName the job's log file to stream, relative to the job directory
     * @param livenessInterval how often the job streamer sends a heartbeat when the log is quiet
     * @param pollInterval how often the job streamer polls the log when it cannot watch it
     * @throws IllegalArgumentException naming the argument and the bad value
     */
    public SiteLogStreamer(String logFileName, Duration livenessInterval, Duration pollInterval) {
        this(logFileName, livenessInterval, pollInterval, LOG, FileReplacer.atomic());
    }

    SiteLogStreamer(String logFileName, Duration livenessInterval, Duration pollInterval, Logger log,
            FileReplacer replacer) {
        try {
            this.logFileName = Workspace.checkRelative(logFileName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SiteLogStreamer: argument " + ARG_LOG_FILE_NAME + ": "
                    + e.getMessage(), e);
        }
        this.livenessInterval = requirePositive(ARG_LIVENESS_INTERVAL, livenessInterval);
        this.pollInterval = requirePositive(ARG_POLL_INTERVAL, pollInterval);
        this.log = Objects.requireNonNull(log, "log");
        this.replacer = Objects.requireNonNull(replacer, "replacer");
    }

    /**
     * Creates one from a config entry's {@code args}: {@code log_file_name} (default {@code log.txt}),
     * {@code liveness_interval} and {@code poll_interval} in seconds (defaults 10 and 0.5). A null
     * value means the default.
     *
     * @throws IllegalArgumentException for an unknown argument or a bad value, naming it
     */
    public static SiteLogStreamer fromArgs(Map<String, ?> args) {
        return fromArgs(args, LOG, FileReplacer.atomic());
    }

    static SiteLogStreamer fromArgs(Map<String, ?> args, Logger log, FileReplacer replacer) {
        Map<String, Object> present = new LinkedHashMap<>();
        if (args != null) {
            args.forEach((name, value) -> {
                if (value != null) {
                    present.put(name, value);
                }
            });
        }
        ComponentArgs checked = new ComponentArgs("SiteLogStreamer", present).requireKnown(KNOWN_ARGS);
        return new SiteLogStreamer(
                checked.string(ARG_LOG_FILE_NAME, Workspace.LOG_FILE),
                checked.positiveSeconds(ARG_LIVENESS_INTERVAL, DEFAULT_LIVENESS_INTERVAL),
                checked.positiveSeconds(ARG_POLL_INTERVAL, DEFAULT_POLL_INTERVAL),
                log, replacer);
    }

    /** The log file injected streamers stream, relative to the job directory. */
    public String logFileName() {
        return logFileName;
    }

    public Duration livenessInterval() {
        return livenessInterval;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /**
     * Handles {@code BEFORE_JOB_LAUNCH} (edits the job config) and {@code JOB_COMPLETED}; ignores
     * every other event.
     *
     * @throws UncheckedIOException only when the kill switch is off and the config still declaring a
     *     {@code JobLogStreamer} could not be rewritten
     */
    @Override
    public void handleEvent(String type, JobContext ctx) {
        if (EventType.BEFORE_JOB_LAUNCH.is(type)) {
            beforeJobLaunch(ctx);
        } else if (EventType.JOB_COMPLETED.is(type)) {
            jobCompleted(ctx);
        }
    }

    void beforeJobLaunch(JobContext ctx) {
        String jobId = jobIdOf(ctx);
        String site = ctx.identityName();
        Workspace workspace = ctx.workspace();
        if (jobId == null || site == null || site.isBlank() || workspace == null) {
            log.debug("BEFORE_JOB_LAUNCH without job id ({}), site ({}) or workspace ({}); no job config to edit",
                    jobId, site, workspace);
            return;
        }
        Path file;
        try {
            file = workspace.clientConfig(jobId, site);
        } catch (IllegalArgumentException e) {
            log.error("Job {} at site {}: cannot locate its job config: {}; the config is not edited",
                    jobId, site, e.getMessage());
            return;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            log.debug("Job {} at site {} has no job config {}; nothing to edit", jobId, site, file);
            return;
        }
        boolean allowed = ctx.siteSettings().allowLogStreaming();
        JobConfigFile config;
        try {
            config = JobConfigFile.read(file);
        } catch (NoSuchFileException e) {
            log.debug("Job {} at site {}: job config {} disappeared; nothing to edit", jobId, site, file);
            return;
        } catch (IOException e) {
            log.error("Job {} at site {}: cannot edit job config {}: {}. The file is left untouched and the job"
                    + " launches {}", jobId, site, file, describe(e), allowed
                    ? "without an injected JobLogStreamer"
                    : "with whatever JobLogStreamer it declares, although the site does not allow log streaming");
            return;
        }
        if (allowed) {
            inject(config, jobId, site);
        } else {
            strip(config, jobId, site);
        }
    }

    /** JOB_COMPLETED in the site process: the job process has exited. */
    void jobCompleted(JobContext ctx) {
        if (ctx.processType() != ProcessType.CLIENT_PARENT) {
            return;
        }
        if (!ctx.siteSettings().allowLogStreaming()) {
            log.debug("Not uploading {} after job {}: streaming is disallowed on site {}", logFileName, ctx.jobId(),
                    ctx.identityName());
            return;
        }
        String jobId = jobIdOf(ctx);
        if (jobId == null || ctx.workspace() == null) {
            log.debug("JOB_COMPLETED without a job id or workspace on {}; nothing to upload", ctx.identityName());
            return;
        }
        Path file;
        try {
            file = ctx.workspace().logFile(jobId, logFileName);
        } catch (IllegalArgumentException e) {
            log.error("Cannot upload {} after job {}: {}", logFileName, jobId, e.getMessage());
            return;
        }
        if (!Files.isRegularFile(file)) {
            log.info("No {} for job {} on {}; nothing to upload", logFileName, jobId, ctx.identityName());
            return;
        }
        // A fresh context keeps the job id and site (the original lost them: "unknown" job) but not
        // the run's abort, which has usually fired by now.
        JobContext uploadCtx = ctx.newContext();
        boolean snapshot = Workspace.ERROR_LOG_FILE.equals(logFileName);
        Thread upload = uploadThreads.newThread(() -> upload(uploadCtx, file, snapshot));
        upload.start();
        // The host reports the job's end once JOB_COMPLETED returns, and the server calls a copy
        // complete once the job has ended and its stream has ended. Waiting here keeps the lines
        // written after END_RUN from arriving after the server already called the copy complete.
        try {
            upload.join(UPLOAD_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (upload.isAlive()) {
            log.warn("Still uploading {} of job {} after {} s; it goes on in the background, and until it ends the"
                    + " server may show the copy as complete while it is not", logFileName, jobId, UPLOAD_WAIT.toSeconds());
        }
    }

    /**
     * Sends what the server does not yet hold. The error log goes as a snapshot (it replaces the
     * server's copy once complete); the live log resumes at the server's offset, so lines written
     * after END_RUN, or while the job's own streamer was cut off, arrive without duplicates. Each
     * attempt retries within the stream's budget; an attempt that ends transiently is followed by
     * another, after a back-off, until {@link #UPLOAD_RETRY_FOR} has passed.
     */
    private void upload(JobContext ctx, Path file, boolean snapshot) {
        Signal alreadyStopped = new Signal();
        alreadyStopped.trigger();
        LogStreamOptions options = uploadOptions.toBuilder().livenessInterval(livenessInterval).pollInterval(pollInterval).build();
        long started = options.ticker().nanos();
        try {
            for (int attempt = 1; ; attempt++) {
                StreamResult result = LogStreamer.streamLog(ctx, Destination.SERVER_PARENT, file,
                        snapshot ? StreamMode.SNAPSHOT : StreamMode.LIVE,
                        Map.of("job_id", ctx.jobId(), "client_name", ctx.identityName()), options, alreadyStopped);
                if (result.isOk()) {
                    log.info("Uploaded {} of job {} after it completed; the server holds {} bytes", logFileName, ctx.jobId(),
                            result.offset());
                    return;
                }
                Duration spent = Duration.ofNanos(options.ticker().nanos() - started);
                if (!result.returnCode().isTransient() || spent.compareTo(UPLOAD_RETRY_FOR) >= 0) {
                    log.warn("Uploading {} of job {} after it completed ended with {} (attempt {}, {} s after the job "
                            + "ended): {}", logFileName, ctx.jobId(), result.returnCode(), attempt, spent.toSeconds(),
                            result.detail());
                    return;
                }
                if (attempt == 1) {
                    log.warn("Uploading {} of job {} after it completed failed ({} {}); retrying in the background for up "
                            + "to {} min", logFileName, ctx.jobId(), result.returnCode(), result.detail(),
                            UPLOAD_RETRY_FOR.toMinutes());
                }
                options.sleeper().sleep(options.retryPolicy().backoff(attempt));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Uploading {} of job {} after it completed failed", logFileName, ctx.jobId(), e);
        }
    }

    /** Injects time, file events and the thread maker for the JOB_COMPLETED upload (tests). */
    void uploadWith(LogStreamOptions options, ThreadFactory threads) {
        this.uploadOptions = Objects.requireNonNull(options, "options");
        this.uploadThreads = Objects.requireNonNull(threads, "threads");
    }

    private void strip(JobConfigFile config, String jobId, String site) {
        int removed = config.removeJobLogStreamers();
        if (removed == 0) {
            log.debug("Job {} at site {}: site does not allow log streaming; {} declares no JobLogStreamer",
                    jobId, site, config.path());
            return;
        }
        try {
            config.write(replacer);
        } catch (IOException e) {
            // Thrown, not logged: the host records it against the job, because the job would
            // otherwise stream from a site whose operator turned streaming off.
            throw new UncheckedIOException("Job " + jobId + " at site " + site + ": could not remove "
                    + removed + " JobLogStreamer(s) from job config " + config.path() + " (" + describe(e)
                    + "); the config is unchanged and still declares them", e);
        }
        log.warn("Removed JobLogStreamer from job {} at site {} ({} component(s) in {}): site does not allow"
                + " log streaming", jobId, site, removed, config.path());
    }

    private void inject(JobConfigFile config, String jobId, String site) {
        if (config.hasJobLogStreamerFor(logFileName)) {
            log.debug("Job {} at site {} already declares a JobLogStreamer for {}; not injecting one",
                    jobId, site, logFileName);
            return;
        }
        String id = config.appendComponent(AUTO_STREAMER_ID, JOB_LOG_STREAMER_TYPE, streamerArgs());
        try {
            config.write(replacer);
        } catch (IOException e) {
            log.error("Job {} at site {}: could not inject JobLogStreamer into job config {} ({}); the config is"
                    + " unchanged and the job launches without streaming {}", jobId, site, config.path(),
                    describe(e), logFileName, e);
            return;
        }
        log.info("Injected JobLogStreamer {} into job {} at site {} to stream {}", id, jobId, site, logFileName);
    }

    /** The injected entry's args: the parent-server target, plus whatever differs from the defaults. */
    Map<String, Object> streamerArgs() {
        Map<String, Object> args = new LinkedHashMap<>();
        // An injected streamer is the site's, not the job's, so it reports to the server's
        // long-lived receiver rather than a job-scoped one.
        args.put(ARG_TARGET_PARENT_SERVER, true);
        if (!logFileName.equals(Workspace.LOG_FILE)) {
            args.put(ARG_LOG_FILE_NAME, logFileName);
        }
        if (!livenessInterval.equals(DEFAULT_LIVENESS_INTERVAL)) {
            args.put(ARG_LIVENESS_INTERVAL, seconds(livenessInterval));
        }
        if (!pollInterval.equals(DEFAULT_POLL_INTERVAL)) {
            args.put(ARG_POLL_INTERVAL, seconds(pollInterval));
        }
        return args;
    }

    private static String jobIdOf(JobContext ctx) {
        String jobId = ctx.jobId();
        if (jobId != null && !jobId.isBlank()) {
            return jobId;
        }
        Object fromMeta = ctx.jobMeta().get(JobContext.META_JOB_ID);
        return fromMeta instanceof String && !((String) fromMeta).isBlank() ? (String) fromMeta : null;
    }

    /** Whole seconds as integers ({@code 30}), fractions without trailing zeros ({@code 2.5}). */
    private static BigDecimal seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static Duration requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("SiteLogStreamer: argument " + name
                    + " must be a positive number of seconds, not " + d);
        }
        return d;
    }

    private static String describe(IOException e) {
        return e instanceof JobConfigFile.InvalidConfigException ? e.getMessage() : e.toString();
    }

    @Override
    public String toString() {
        return "SiteLogStreamer[" + logFileName + ", liveness " + livenessInterval + ", poll " + pollInterval + "]";
    }
}
