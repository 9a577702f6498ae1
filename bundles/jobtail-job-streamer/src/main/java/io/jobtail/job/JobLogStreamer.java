package io.jobtail.job;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Names;
import io.jobtail.api.Signal;
import io.jobtail.api.Widget;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.tail.FileWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the job's log to the server from inside the job process, while the job runs.
 *
 * <ul>
 * <li>{@code START_RUN}: unless the site has turned streaming off (then one warning and nothing
 *     else), starts one daemon thread that waits for the log file to appear and streams it on a
 *     fresh context whose abort signal never fires, so that the job's own abort does not cut off
 *     the lines that explain it.</li>
 * <li>{@code ABOUT_TO_END_RUN}: sets the stop signal and returns at once; lines written while
 *     the job shuts down land in the drain window.</li>
 * <li>{@code END_RUN}: sets the stop signal too (a missing {@code ABOUT_TO_END_RUN} must not cost
 *     the whole timeout), then waits up to {@code end_run_timeout} for the thread to finish.</li>
 * </ul>
 *
 * A failure that outlasts the retry budget ends one stream attempt, not live streaming: the
 * thread opens the stream again and resumes at what the server holds, until the job stops.
 *
 * <p>Which log: a streamer made from a job config ({@link #JobLogStreamer(JobLogStreamerSettings)},
 * which {@link JobLogStreamerFactory} uses) streams {@code <workspace root>/<job_id>/<log_file_name>}
 * and nothing else, because its arguments come from a job config that travelled over the network
 * and must not be able to point it at arbitrary files. A streamer made with {@link #forFile} streams
 * the file at the path it is given; that is for trusted hosts only (the java agent, the
 * {@code jobtail stream} sidecar), whose path comes from the operator who started the job, and no
 * config argument leads there. Either way the stream carries only the log's plain file name, never
 * a directory, and the server stores it as {@code <store>/<job_id>/<site>/<file name>}.
 *
 * <p>Events come from the host's event thread; the stream runs on a thread from the injected
 * factory. One instance serves one run.
 */
public final class JobLogStreamer implements Widget {
    /** The type name a job config uses for this component. */
    public static final String TYPE = "io.jobtail.job.JobLogStreamer";

    private static final Logger LOG = LoggerFactory.getLogger(JobLogStreamer.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final JobLogStreamerSettings settings;
    /** The log given by a trusted host, or null to take {@code <root>/<job_id>/<log_file_name>} from the run. */
    private final Path logFile;
    private final LogStreamOptions baseOptions;
    private final ThreadFactory threads;
    private final Signal stop = new Signal();
    /** Written and read by the host's event thread only. */
    private Thread thread;

    /**
     * A streamer of the job's log {@code <root>/<job_id>/<log_file_name>} from the run's workspace,
     * on system time and file-system events, with daemon threads {@code log_streamer_<n>}.
     */
    public JobLogStreamer(JobLogStreamerSettings settings) {
        this(settings, LogStreamOptions.defaults(), JobLogStreamer::daemonThread);
    }

    /**
     * A streamer of the job's log {@code <root>/<job_id>/<log_file_name>} from the run's workspace.
     *
     * @param baseOptions supplies time, sleeping and file events (tests inject fakes); the
     *     settings override its intervals, chunk size and retry budget
     * @param threads makes the one streaming thread
     */
    public JobLogStreamer(JobLogStreamerSettings settings, LogStreamOptions baseOptions, ThreadFactory threads) {
        this(settings, null, baseOptions, threads);
    }

    private JobLogStreamer(JobLogStreamerSettings settings, Path logFile, LogStreamOptions baseOptions, ThreadFactory threads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.logFile = logFile;
        this.baseOptions = settings.streamOptions(Objects.requireNonNull(baseOptions, "baseOptions"));
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /**
     * A streamer of the log at {@code logFile}, wherever it is, for a trusted host: code that runs
     * in or beside the job's process with the operator's arguments (the java agent, the sidecar),
     * never arguments from a job config. The run's workspace is not consulted. On system time and
     * file-system events, with daemon threads {@code log_streamer_<n>}.
     *
     * @param logFile absolute; it need not exist yet. Its file name is what the stream is stored
     *     under on the server, so it must be a safe name ({@link Names})
     * @param settings everything but the log's location: their {@code log_file_name} is replaced
     *     by {@code logFile}'s file name
     * @throws IllegalArgumentException naming the path if it is relative or its file name is not safe
     */
    public static JobLogStreamer forFile(Path logFile, JobLogStreamerSettings settings) {
        return forFile(logFile, settings, LogStreamOptions.defaults(), JobLogStreamer::daemonThread);
    }

    /** {@link #forFile(Path, JobLogStreamerSettings)} with injected time, file events and threads (tests). */
    static JobLogStreamer forFile(Path logFile, JobLogStreamerSettings settings, LogStreamOptions baseOptions,
            ThreadFactory threads) {
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(settings, "settings");
        if (!logFile.isAbsolute()) {
            throw new IllegalArgumentException("log file " + logFile + " must be an absolute path");
        }
        Path file = logFile.normalize();
        Path name = file.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("log file " + logFile + " names no file");
        }
        String problem = Names.problem(name.toString());
        if (problem != null) {
            throw new IllegalArgumentException("log file " + logFile + ": the server stores a log under its file name, and "
                    + Names.quote(name.toString()) + " is not allowed: " + problem);
        }
        return new JobLogStreamer(settings.withLogFileName(name.toString()), file, baseOptions, threads);
    }

    private static Thread daemonThread(Runnable r) {
        Thread t = new Thread(r, "log_streamer_" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    public JobLogStreamerSettings settings() {
        return settings;
    }

    /** The log a trusted host gave to {@link #forFile}, or null if the run's workspace says where it is. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public void handleEvent(String type, JobContext ctx) {
        if (EventType.START_RUN.is(type)) {
            start(ctx);
        } else if (EventType.ABOUT_TO_END_RUN.is(type)) {
            stop.trigger();
        } else if (EventType.END_RUN.is(type)) {
            stop.trigger();
            awaitStreamEnd(ctx);
        }
    }

    private void start(JobContext ctx) {
        if (thread != null) {
            LOG.debug("JobLogStreamer already started for job {}", ctx.jobId());
            return;
        }
        if (!ctx.siteSettings().allowLogStreaming()) {
            LOG.warn("JobLogStreamer disabled: 'allow_log_streaming' is false for site {}; the log of job {} is not streamed",
                    ctx.identityName(), ctx.jobId());
            return;
        }
        if (ctx.jobId() == null) {
            LOG.error("JobLogStreamer got START_RUN without a job id on {}; not streaming", ctx.identityName());
            return;
        }
        Path file = logFileOf(ctx);
        if (file == null) {
            return;
        }
        JobContext streamCtx = ctx.newContext();
        String target = settings.targetParentServer() ? Destination.SERVER_PARENT : Destination.SERVER;
        thread = threads.newThread(() -> stream(streamCtx, target, file));
        thread.start();
    }

    /** The file given to {@link #forFile}, else the config's file inside the job's directory; null (logged) if it would leave it. */
    private Path logFileOf(JobContext ctx) {
        if (logFile != null) {
            return logFile;
        }
        try {
            return ctx.workspace().logFile(ctx.jobId(), settings.logFileName());
        } catch (IllegalArgumentException e) {
            LOG.error("JobLogStreamer cannot stream job {}'s log: {}", ctx.jobId(), e.getMessage());
            return null;
        }
    }

    private void stream(JobContext ctx, String target, Path file) {
        try {
            if (!awaitFile(file)) {
                LOG.info("Log file {} was not created during job {}; nothing to stream", file, ctx.jobId());
                return;
            }
            Map<String, String> props = Map.of("job_id", ctx.jobId(), "client_name", ctx.identityName());
            while (true) {
                StreamResult result = LogStreamer.streamLog(ctx, target, file, StreamMode.LIVE, props, baseOptions, stop);
                if (result.isOk()) {
                    LOG.info("Streamed {} of job {} to {}: {} bytes", file.getFileName(), ctx.jobId(), target, result.offset());
                    return;
                }
                if (!result.returnCode().isTransient() || stop.isTriggered()) {
                    LOG.warn("Streaming {} of job {} to {} ended with {} after {} bytes: {}", file.getFileName(), ctx.jobId(),
                            target, result.returnCode(), result.offset(), result.detail());
                    return;
                }
                LOG.warn("Streaming {} of job {} was interrupted ({} {}); resuming from what the server holds",
                        file.getFileName(), ctx.jobId(), result.returnCode(), result.detail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Streaming {} of job {} was interrupted", file.getFileName(), ctx.jobId());
        } catch (RuntimeException e) {
            LOG.error("Streaming {} of job {} failed", file.getFileName(), ctx.jobId(), e);
        }
    }

    /** Waits for the file; false if the job stopped first. */
    private boolean awaitFile(Path file) throws InterruptedException {
        if (Files.exists(file)) {
            return true;
        }
        try (FileWatch watch = baseOptions.fileWatcher().watch(file)) {
            while (!Files.exists(file)) {
                if (stop.isTriggered()) {
                    return Files.exists(file);
                }
                watch.awaitChange(baseOptions.pollInterval());
            }
            return true;
        }
    }

    private void awaitStreamEnd(JobContext ctx) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(settings.endRunTimeout().toNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Log streaming thread for job {} did not finish within {} s; the server keeps what it received "
                    + "and the site sends the rest after the job", ctx.jobId(), settings.endRunTimeout().toSeconds());
        }
    }

    /** Whether the run's stop signal has been set (for hosts and tests). */
    public boolean stopping() {
        return stop.isTriggered();
    }

    /** The streaming thread, or null if none was started. */
    Thread thread() {
        return thread;
    }
}
