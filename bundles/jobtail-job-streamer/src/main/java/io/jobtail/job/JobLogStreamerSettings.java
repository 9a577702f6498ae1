package io.jobtail.job;

import io.jobtail.api.ComponentArgs;
import io.jobtail.api.Workspace;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.runner.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link JobLogStreamer} is told in its config entry's {@code args}, checked.
 *
 * @param logFileName the log, relative to the job's directory ({@code log.txt}); for a streamer a
 *     trusted host made with {@link JobLogStreamer#forFile}, the name of the file it was given
 * @param livenessInterval heartbeat after this much silence (10 s)
 * @param pollInterval the longest wait before looking for new data (0.5 s)
 * @param targetParentServer send to the long-lived server process instead of the job endpoint
 * @param endRunTimeout how long {@code END_RUN} waits for the stream to drain (60 s)
 * @param chunkSize the most bytes one read of the log takes (1 MiB)
 * @param retryBudget how long to ride out failures before a stream attempt ends (60 s)
 */
public record JobLogStreamerSettings(String logFileName, Duration livenessInterval, Duration pollInterval,
        boolean targetParentServer, Duration endRunTimeout, int chunkSize, Duration retryBudget) {

    public static final String LOG_FILE_NAME = "log_file_name";
    public static final String LIVENESS_INTERVAL = "liveness_interval";
    public static final String POLL_INTERVAL = "poll_interval";
    public static final String TARGET_PARENT_SERVER = "target_parent_server";
    public static final String END_RUN_TIMEOUT = "end_run_timeout";
    public static final String CHUNK_SIZE = "chunk_size";
    public static final String RETRY_BUDGET = "retry_budget";

    /** The defaults. */
    public static final JobLogStreamerSettings DEFAULTS = new JobLogStreamerSettings(Workspace.LOG_FILE,
            LogStreamOptions.DEFAULT_LIVENESS_INTERVAL, LogStreamOptions.DEFAULT_POLL_INTERVAL, false,
            Duration.ofSeconds(60), LogStreamOptions.DEFAULT_CHUNK_SIZE, RetryPolicy.DEFAULT.budget());

    public JobLogStreamerSettings {
        Workspace.checkRelative(logFileName);
    }

    /**
     * Settings from a config entry's {@code args}.
     *
     * @throws IllegalArgumentException naming the argument and the bad value, also for unknown arguments
     */
    public static JobLogStreamerSettings fromArgs(Map<String, ?> args) {
        ComponentArgs a = new ComponentArgs("JobLogStreamer", args).requireKnown(Set.of(LOG_FILE_NAME, LIVENESS_INTERVAL,
                POLL_INTERVAL, TARGET_PARENT_SERVER, END_RUN_TIMEOUT, CHUNK_SIZE, RETRY_BUDGET));
        String file = a.string(LOG_FILE_NAME, DEFAULTS.logFileName());
        try {
            Workspace.checkRelative(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JobLogStreamer: argument " + LOG_FILE_NAME + ": " + e.getMessage(), e);
        }
        long chunkBytes = a.positiveLong(CHUNK_SIZE, DEFAULTS.chunkSize());
        int chunkSize;
        try {
            // refused here, not when the streamer is built: the agent only parses its options
            chunkSize = LogStreamOptions.checkChunkSize(chunkBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JobLogStreamer: argument " + e.getMessage(), e);
        }
        return new JobLogStreamerSettings(file,
                a.positiveSeconds(LIVENESS_INTERVAL, DEFAULTS.livenessInterval()),
                a.positiveSeconds(POLL_INTERVAL, DEFAULTS.pollInterval()),
                a.bool(TARGET_PARENT_SERVER, DEFAULTS.targetParentServer()),
                a.nonNegativeSeconds(END_RUN_TIMEOUT, DEFAULTS.endRunTimeout()),
                chunkSize,
                a.nonNegativeSeconds(RETRY_BUDGET, DEFAULTS.retryBudget()));
    }

    /** The same settings with another log file name (checked like the constructor's). */
    public JobLogStreamerSettings withLogFileName(String name) {
        return new JobLogStreamerSettings(name, livenessInterval, pollInterval, targetParentServer, endRunTimeout,
                chunkSize, retryBudget);
    }

    /** The same settings with another poll interval. */
    public JobLogStreamerSettings withPollInterval(Duration interval) {
        return new JobLogStreamerSettings(logFileName, livenessInterval, interval, targetParentServer, endRunTimeout,
                chunkSize, retryBudget);
    }

    /** Stream options for these settings on top of {@code base} (which supplies time and file events). */
    public LogStreamOptions streamOptions(LogStreamOptions base) {
        return base.toBuilder()
                .livenessInterval(livenessInterval)
                .pollInterval(pollInterval)
                .chunkSize(chunkSize)
                .retryPolicy(base.retryPolicy().withBudget(retryBudget))
                .build();
    }
}
