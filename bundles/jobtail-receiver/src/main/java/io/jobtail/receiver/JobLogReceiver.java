package io.jobtail.receiver;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.JobMembership;
import io.jobtail.api.Names;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ConsumerFactory;
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
 * <p><b>Who may open what.</b> Before a log is opened, in this order: the job id, site and file
 * name must be safe names ({@code BAD_REQUEST_DATA}); the {@link JobMembership} must say the site
 * takes part in the job ({@code NOT_ALLOWED}; default: any job); the site must allow streaming
 * ({@code NOT_ALLOWED}); and the site must be under its limit of open streams and the server under
 * its overall limit ({@code STORAGE_ERROR}, which a sender retries with backoff: the slot frees
 * when another stream ends or goes idle). Every refusal names what was wrong and writes nothing.
 *
 * <p><b>Start.</b> The constructor records the logs a previous server left streaming as
 * {@link LogStatus#INTERRUPTED} ({@link LogStore#markInterrupted()}), so nobody takes them for
 * live; their senders resume them from the bytes held.
 *
 * <p>Stream callbacks run on transport threads and the watchdog's thread; per stream they never
 * overlap. Thread-safe.
 */
public final class JobLogReceiver implements Widget {
    /** The type name a config uses for this component. */
    public static final String TYPE = "io.jobtail.receiver.JobLogReceiver";

    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(JobLogReceiver.class);
    private static final String WRITER = "jobtail.receiver.writer";
    private static final String SLOT = "jobtail.receiver.slot";

    private final Logger log;
    private final LogStore store;
    private final Duration idleTimeout;
    private final IdleWatchdog watchdog;
    private final UnauthorizedSites unauthorized = new UnauthorizedSites();
    private final UnauthorizedSites strangers = new UnauthorizedSites();
    private final OpenStreams open;
    /** Set by {@link #membership}; when null, the membership of the context the receiver registered in. */
    private volatile JobMembership membership;
    private final StoreHandler handler = new StoreHandler();
    /** The context of the last registration: where other sites' settings are looked up. */
    private volatile JobContext registeredIn;
    /** Where this receiver last registered and with what, to take it back ({@link #unregister}); guarded by this. */
    private StreamableEngine registeredEngine;
    private ConsumerFactory registration;

    /**
     * @param idleTimeout close a stream after this long without any message; zero disables
     * @param watchdog the process's watchdog ({@link IdleWatchdog#shared()})
     */
    public JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog) {
        this(store, idleTimeout, watchdog, OpenStreams.defaults(), DEFAULT_LOG);
    }

    /**
     * @param maxOpenStreams        the most streams open at once, all sites together (&gt; 0)
     * @param maxOpenStreamsPerSite the most streams one site may hold open at once (&gt; 0)
     * @throws IllegalArgumentException a limit is not positive, naming it
     */
    public JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog, int maxOpenStreams,
            int maxOpenStreamsPerSite) {
        this(store, idleTimeout, watchdog, new OpenStreams(maxOpenStreams, maxOpenStreamsPerSite), DEFAULT_LOG);
    }

    /** With another logger: tests assert on what is logged. */
    JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog, Logger log) {
        this(store, idleTimeout, watchdog, OpenStreams.defaults(), log);
    }

    JobLogReceiver(LogStore store, Duration idleTimeout, IdleWatchdog watchdog, OpenStreams open, Logger log) {
        this.log = Objects.requireNonNull(log, "log");
        this.store = Objects.requireNonNull(store, "store");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("JobLogReceiver: idle_timeout must be 0 or more, not " + idleTimeout);
        }
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
        this.open = Objects.requireNonNull(open, "open");
        recoverInterrupted();
    }

    /**
     * Checks every new stream's (job, site) against {@code value} from now on, instead of the
     * {@link JobContext#membership()} of the context this receiver registered in; streams already
     * open carry on. Thread-safe; hosts call it once, before streams arrive.
     */
    public void membership(JobMembership value) {
        this.membership = Objects.requireNonNull(value, "membership");
    }

    /** How many streams are open now, all sites together. */
    public int openStreams() {
        return open.total();
    }

    private void recoverInterrupted() {
        try {
            int marked = store.markInterrupted();
            if (marked > 0) {
                log.warn("{} log(s) in {} were streaming when the server stopped; they are marked INTERRUPTED and"
                        + " resume where they are if their senders come back", marked, store.root());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Could not look for logs interrupted by a server stop in {} ({}); such logs still read as"
                    + " STREAMING until their senders come back", store.root(), e.toString());
        }
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
        synchronized (this) {
            registration = LogStreamer.registerStreamProcessing(engine, handler, idleTimeout, watchdog);
            registeredEngine = engine;
        }
        log.debug("JobLogReceiver registered for {}/{} in {}", LogStreamer.CHANNEL, LogStreamer.TOPIC, ctx);
    }

    /**
     * Takes this receiver's handler off the engine it last registered on, unless another receiver
     * has replaced it there since (a successor is never removed). Streams already open carry on
     * and end into this receiver's store. Call it when the receiver goes away, for instance when
     * its OSGi component is deactivated, so the engine does not keep calling into it. Idempotent.
     *
     * @return whether the engine removed a registration (false if there was none, it was
     *     replaced, or the engine cannot unregister)
     */
    public synchronized boolean unregister() {
        if (registeredEngine == null) {
            return false;
        }
        boolean removed = LogStreamer.unregisterStreamProcessing(registeredEngine, registration);
        registeredEngine = null;
        registration = null;
        if (removed) {
            log.info("JobLogReceiver storing into {} no longer receives log streams", store.root());
        }
        return removed;
    }

    private JobMembership currentMembership() {
        JobMembership set = membership;
        if (set != null) {
            return set;
        }
        JobContext ctx = registeredIn;
        return ctx == null ? JobMembership.anyJob() : ctx.membership();
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
            String stranger = membershipProblem(job, site);
            if (stranger != null) {
                if (strangers.firstTime(site, job)) {
                    log.warn("Refused log {} from {}: {}; nothing was written", file, peer, stranger);
                }
                throw new StreamRefusedException(ReturnCode.NOT_ALLOWED, stranger);
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
            String full = open.tryAcquire(site);
            if (full != null) {
                log.debug("Refused log {} from {}: {}", file, peer, full);
                throw new StreamRefusedException(ReturnCode.STORAGE_ERROR, full);
            }
            // Set before opening: streamDone gives the slot back even when the open fails.
            ctx.setAttribute(SLOT, site);
            LogWriter writer;
            try {
                writer = store.open(job, site, file, mode, ctx.streamId());
            } catch (IllegalArgumentException e) {
                // The store's own name rules go beyond the safe-name check (e.g. no "*.state.json" logs).
                log.warn("Refused a log stream from {}: {}; nothing was written", peer, e.getMessage());
                throw new StreamRefusedException(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
            }
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
            String slot = ctx.attribute(SLOT);
            if (slot != null) {
                ctx.setAttribute(SLOT, null);
                open.release(slot);
            }
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

        /** Null if the site takes part in the job, else the refusal's detail. */
        private String membershipProblem(String job, String site) throws StreamRefusedException {
            boolean member;
            try {
                member = currentMembership().takesPart(job, site);
            } catch (RuntimeException e) {
                log.error("Could not check whether site {} takes part in job {}", site, job, e);
                throw new StreamRefusedException(ReturnCode.STORAGE_ERROR, "the server could not check whether site "
                        + site + " takes part in job " + job + " (" + e + "); try again later");
            }
            return member ? null : "site " + site + " does not take part in job " + job
                    + "; its logs are not accepted for that job";
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
