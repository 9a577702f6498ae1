package io.jobtail.job;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Names;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.streaming.StreamableEngine;
import io.jobtail.streaming.runner.StreamRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One job's log streamed by a {@link JobLogStreamer} whose host is not a job launcher and so fires
 * the run's events itself: the java agent inside a job's JVM, the {@code jobtail stream} sidecar
 * beside a job's process. {@link #start} fires {@code START_RUN} (the streamer's own daemon thread
 * then follows the log); {@link #finish} fires {@code ABOUT_TO_END_RUN}, then {@code END_RUN},
 * which blocks until the log is drained to the server or {@code end_run_timeout} has passed.
 *
 * <p>The log is the file the host names ({@link JobLogStreamer#forFile}): such hosts are trusted,
 * they run with the operator's arguments. The transport is the caller's: any {@link Messenger}
 * (the hosts pass an HTTP one), so this library needs none.
 *
 * <p>An unreachable server never blocks {@link #start}; during {@link #finish} it costs at most
 * the retry budget (the streamer gives up the attempt then) and never more than
 * {@code end_run_timeout}. Events are fired under this object's lock, one at a time, as the
 * {@code Widget} contract requires, from whichever thread calls (the agent finishes from a
 * shutdown hook). {@link #start} and {@link #finish} are idempotent; {@link #finish} before
 * {@link #start} does nothing.
 */
public final class JobLogSession {
    private final JobLogStreamer streamer;
    private final JobContext context;
    /** Guarded by {@code this}. */
    private boolean started;
    /** Guarded by {@code this}. */
    private boolean finished;

    /**
     * @param streamer made with {@link JobLogStreamer#forFile}
     * @param engine sends the stream
     */
    JobLogSession(String jobId, String site, JobLogStreamer streamer, StreamableEngine engine) {
        Names.requireSafe("job id", jobId);
        Names.requireSafe("site name", site);
        this.streamer = Objects.requireNonNull(streamer, "streamer");
        Path log = streamer.logFile();
        if (log == null) {
            throw new IllegalArgumentException("a JobLogSession streams a log its host names, but the streamer of job "
                    + jobId + " was made from a job config; make it with JobLogStreamer.forFile");
        }
        // The context needs a workspace; the streamer never looks at it, having its own file.
        this.context = JobContext.builder().jobId(jobId).identityName(site).processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(log.getParent())).jobMeta(Map.of(JobContext.META_JOB_ID, jobId))
                .engine(Objects.requireNonNull(engine, "engine")).build();
    }

    /**
     * A session that streams {@code logFile} for job {@code jobId} of site {@code site} over
     * {@code messenger}, on system time.
     *
     * @param logFile absolute; it need not exist yet; its file name must be a safe name
     * @param settings intervals, chunk size, retry budget and end-run timeout; their
     *     {@code log_file_name} is not used
     * @throws IllegalArgumentException naming what is wrong: the path, the job id or the site name
     */
    public static JobLogSession open(String jobId, String site, Path logFile, JobLogStreamerSettings settings,
            Messenger messenger) {
        return new JobLogSession(jobId, site, JobLogStreamer.forFile(logFile, settings), new StreamRunner(messenger));
    }

    /** The log being streamed. */
    public Path logFile() {
        return streamer.logFile();
    }

    /** Fires {@code START_RUN}; returns at once. A second call does nothing. */
    public synchronized void start() {
        if (!started) {
            started = true;
            streamer.handleEvent(EventType.START_RUN.name(), context);
        }
    }

    /**
     * Fires {@code ABOUT_TO_END_RUN} and {@code END_RUN}; blocks until the stream has ended or
     * {@code end_run_timeout} has passed. Idempotent; does nothing if never started.
     */
    public synchronized void finish() {
        if (!started || finished) {
            return;
        }
        finished = true;
        streamer.handleEvent(EventType.ABOUT_TO_END_RUN.name(), context);
        streamer.handleEvent(EventType.END_RUN.name(), context);
    }
}
