package io.jobtail.agent;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.job.JobLogStreamer;
import io.jobtail.job.JobLogStreamerSettings;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessenger;
import java.io.IOException;
import java.util.Map;

/**
 * One job's log streamed by a {@link JobLogStreamer} hosted outside the reference launcher: the
 * agent's host. {@link #start} fires {@code START_RUN} (the streamer's own daemon thread then
 * follows the log); {@link #finish} fires {@code ABOUT_TO_END_RUN}, then {@code END_RUN}, which
 * blocks until the log is drained to the server or {@code end_run_timeout} has passed.
 *
 * <p>An unreachable server never blocks {@link #start}; during {@link #finish} it costs at most
 * the retry budget (the streamer gives up the attempt then) and never more than
 * {@code end_run_timeout}. Events are fired under this object's lock, one at a time, as the
 * {@code Widget} contract requires; {@link #finish} is idempotent.
 */
public final class JobLogSession {
    private final AgentOptions options;
    private final LogLocation location;
    private final JobLogStreamer streamer;
    private final JobContext context;
    private boolean started;
    private boolean finished;

    JobLogSession(AgentOptions options, Messenger messenger) throws IOException {
        this.options = options;
        this.location = LogLocation.of(options.logFile(), options.jobId());
        JobLogStreamerSettings s = options.streamer();
        this.streamer = new JobLogStreamer(new JobLogStreamerSettings(location.relative(), s.livenessInterval(),
                s.pollInterval(), s.targetParentServer(), s.endRunTimeout(), s.chunkSize(), s.retryBudget()));
        this.context = JobContext.builder().jobId(options.jobId()).identityName(options.site())
                .processType(ProcessType.CLIENT_JOB).workspace(location.workspace())
                .jobMeta(Map.of(JobContext.META_JOB_ID, options.jobId())).engine(new StreamRunner(messenger)).build();
    }

    /**
     * A session sending over HTTP with the options' server and token.
     *
     * @throws IOException if the token file cannot be read or the log's location cannot be prepared
     */
    public static JobLogSession open(AgentOptions options) throws IOException {
        return new JobLogSession(options, HttpMessenger.builder(options.server()).tokenFile(options.tokenFile()).build());
    }

    public AgentOptions options() {
        return options;
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
        try {
            streamer.handleEvent(EventType.ABOUT_TO_END_RUN.name(), context);
            streamer.handleEvent(EventType.END_RUN.name(), context);
        } finally {
            location.close();
        }
    }
}
