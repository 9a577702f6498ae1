package io.jobtail.receiver;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Names;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamRefusedException;
import io.jobtail.api.streaming.StreamableEngine;
import io.jobtail.receiver.store.LogStatus;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.receiver.store.LogWriter;
import io.jobtail.receiver.store.OffsetGapException;
import io.jobtail.receiver.store.QuotaExceededException;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.log.IdleWatchdog;
import io.jobtail.streaming.log.LogChunkHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives job log streams and stores them as {@code <store>/<job_id>/<site>/<file>}.
 *
 * <p>Registers for the log stream on {@code SYSTEM_START}, {@code ABOUT_TO_START_RUN} and
 * {@code START_RUN}, every time (a new run brings an empty registry; registering again replaces).
 * Site and job come from the authenticated peer only; whatever the stream declares about them is
 * ignored, and every name is checked before anything is written. A site that turned streaming
 * off is refused with {@code NOT_ALLOWED} (its sender stops) and logged once per (site, job).
 * A stream that ends badly keeps its partial log, marked with the reason; "Saved live log" is
 * logged only once the log is complete on disk.
 *
 * <p>Stream callbacks run on transport threads and the watchdog's thread; per stream they never
 * overlap. Thread-safe.
 */
public final class JobLogReceiver implements Widget {
    /** The type name a config uses for this component. */
    public static final String TYPE = "io.jobtail.receiver.JobLogReceiver";

    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(JobLogReceiver.class);
    private static final String WRITER = "jobtail.receiver.writer";

    private final Logger log;
    private final LogStore store;
    private final Duration idleTimeout;
    private final IdleWatchdog watchdog;
    private final UnauthorizedSites unauthorized = new UnauthorizedSites();
    private final StoreHandler handler = new StoreHandler();
    /** The context of the last registration: where other sites' settings are looked up. */
    private volatile JobContext registeredIn;

    /**
     * @param idleTimeout close a stream after this long without any message; zero disables
     * @param watchdog the process's watchdog ({@link IdleWatchdog#shared()})
     */
    public JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog) {
        this(store, idleTimeout, watchdog, DEFAULT_LOG);
    }

    /** With another logger: tests assert on what is logged. */
    JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog, Logger log) {
        this.log = Objects.requireNonNull(log, "log");
        this.store = Objects.requireNonNull(store, "store");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("JobLogReceiver: idle_timeout must be 0 or more, not " + idleTimeout);
        }
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    }

    public LogStore store() {
        return store;
    }

    @Override
    public void handleEvent(String type, JobContext ctx) {
        if (EventType.SYSTEM_START.is(type) || EventType.ABOUT_TO_START_RUN.is(type) || EventType.START_RUN.is(type)) {
            register(ctx);
        }
    }

    private void register(JobContext ctx) {
        StreamableEngine engine = ctx.engine();
        if (engine == null) {
            log.error("JobLogReceiver cannot receive logs in {}: the host offers no streaming engine", ctx);
            return;
        }
        registeredIn = ctx;
        LogStreamer.registerStreamProcessing(engine, handler, idleTimeout, watchdog);
        log.debug("JobLogReceiver registered for {}/{} in {}", LogStreamer.CHANNEL, LogStreamer.TOPIC, ctx);
    }

    private boolean siteAllowed(String site) {
        JobContext ctx = registeredIn;
        try {
            return ctx == null || ctx.settingsOf(site).allowLogStreaming();
        } catch (IllegalArgumentException e) {
            log.warn("Settings of site {} are unreadable ({}); streaming stays allowed", site, e.getMessage());
            return true;
        }
    }

    /** Adapts the store to the stream callbacks. */
    private final class StoreHandler implements LogChunkHandler {

        @Override
        public long streamOpened(StreamContext ctx) throws IOException {
            Peer peer = ctx.peer();
            String site = peer.site();
            String job = peer.jobId();
            String file = ctx.fileName();
            String problem = job == null ? "the stream is not scoped to a job" : firstProblem(job, site, file);
            if (problem != null) {
                log.warn("Refused a log stream from {}: {}; nothing was written", peer, problem);
                throw new StreamRefusedException(ReturnCode.BAD_REQUEST_DATA, problem);
            }
            if (!siteAllowed(site)) {
                if (unauthorized.firstTime(site, job)) {
                    log.error("Dropping live log {} from {} for job {}: the site has 'allow_log_streaming' disabled",
                            file, site, job);
                }
                throw new StreamRefusedException(ReturnCode.NOT_ALLOWED,
                        "site " + site + " has 'allow_log_streaming' disabled; stop sending");
            }
            StreamMode mode;
            try {
                mode = ctx.mode();
            } catch (IllegalArgumentException e) {
                throw new StreamRefusedException(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
            }
            LogWriter writer = store.open(job, site, file, mode, ctx.streamId());
            ctx.setAttribute(WRITER, writer);
            return writer.held();
        }

        @Override
        public long chunkReceived(StreamItem chunk, StreamContext ctx) throws IOException {
            LogWriter writer = ctx.attribute(WRITER);
            try {
                return writer.append(chunk.offset(), chunk.data(), 0, chunk.size());
            } catch (OffsetGapException e) {
                return e.held(); // the store holds less than the engine thought: the sender will be told
            } catch (QuotaExceededException e) {
                throw new StreamRefusedException(ReturnCode.QUOTA_EXCEEDED, "log " + ctx.fileName() + " of job "
                        + ctx.peer().jobId() + " from " + ctx.peer().site() + " reached its quota of " + e.quota()
                        + " bytes; the rest is not stored");
            } catch (IllegalStateException e) {
                throw new StreamRefusedException(ReturnCode.STREAM_ENDED, e.getMessage());
            }
        }

        @Override
        public void streamDone(StreamContext ctx, ReturnCode rc) {
            LogWriter writer = ctx.attribute(WRITER);
            if (writer == null) {
                return; // refused at open: nothing was written
            }
            Peer peer = ctx.peer();
            String file = ctx.fileName();
            Path path = store.root().resolve(peer.jobId()).resolve(peer.site()).resolve(file);
            try {
                if (rc == ReturnCode.OK) {
                    writer.complete();
                    if (writer.held() == 0 && !Workspace.ERROR_LOG_FILE.equals(file)) {
                        log.warn("No log data received from {} for job {} ({})", peer.site(), peer.jobId(), file);
                    } else {
                        log.info("Saved live log '{}' from {} for job {}: {} bytes at {}", file, peer.site(), peer.jobId(),
                                writer.held(), path);
                    }
                } else {
                    writer.end(statusFor(rc), "stream ended with rc=" + rc);
                    if (writer.mode() == StreamMode.SNAPSHOT) {
                        log.warn("Snapshot of '{}' from {} for job {} ended with rc={}; the previous copy at {} is kept",
                                file, peer.site(), peer.jobId(), rc, path);
                    } else {
                        log.warn("Live log stream '{}' from {} job {} ended with rc={}; partial log retained at {} ({} bytes)",
                                file, peer.site(), peer.jobId(), rc, path, writer.held());
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.error("Could not finalize log '{}' from {} for job {} at {} (stream rc={}): {}", file, peer.site(),
                        peer.jobId(), path, rc, e.toString());
            } finally {
                writer.close();
            }
        }

        private String firstProblem(String job, String site, String file) {
            String p = Names.problem(job);
            if (p != null) {
                return "job id " + Names.quote(job) + " is not allowed: " + p;
            }
            p = Names.problem(site);
            if (p != null) {
                return "site name " + Names.quote(site) + " is not allowed: " + p;
            }
            p = Names.problem(file);
            if (p != null) {
                return "log file name " + Names.quote(file) + " is not allowed: " + p;
            }
            return null;
        }
    }

    static LogStatus statusFor(ReturnCode rc) {
        switch (rc) {
            case TIMEOUT:
                return LogStatus.TIMEOUT;
            case TASK_ABORTED:
                return LogStatus.ABORTED;
            default:
                return LogStatus.ERROR;
        }
    }
}
