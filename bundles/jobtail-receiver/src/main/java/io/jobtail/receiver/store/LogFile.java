package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stored log while writers have it open: the lock all its writers share, the append channel
 * all its live writers share, and its state. The store keeps one per log in use and drops it
 * when its last writer closes, so two streams of the same log never clobber each other.
 *
 * <p><b>Lock.</b> The object's monitor guards every field not marked volatile; every method is
 * synchronized and the writers synchronize on it too, for their own flags. Disk I/O happens
 * under the lock: one log's writers wait for each other, other logs' writers do not.
 */
final class LogFile {
    private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);
    /**
     * The shortest time between two rewrites of a log's state file by appends (each log's own is
     * up to twice this: {@link #progressInterval}). Why not more often:
     * each rewrite is a new temporary file renamed over the old one (a new inode), and at one a
     * second per log it took 38 % of the server's CPU with 1,000 streams (BENCHMARKS.md, session
     * 5). Nothing relies on the count being fresh: recovery takes the data file's length, and
     * {@link LogStore#state} reports that length for a log still streaming.
     */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(30);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    final LogKey key;
    private final LogPaths paths;
    private final StoreLayout layout;
    private final ChannelOpener opener;
    private final Clock clock;
    private final long quota;
    /** This log's own {@link #progressInterval}. */
    private final Duration progressInterval;

    private int writers;
    private boolean retired;
    private boolean prepared;
    /** The live append channel; null until a live writer opens, and after a snapshot replaced the file. */
    private OffsetFile live;
    private LogStatus status = LogStatus.STREAMING;
    private String reason;
    private boolean cut;
    private String cutReason;
    private Instant stateWrittenAt = Instant.EPOCH;
    /**
     * What the state file says, as far as this object knows: read by {@link #prepare()}, replaced
     * by every state write that succeeds. Null when there is no state file, it is unreadable, or a
     * write failed half-way (what is on disk is then unknown, and treated as the worst case).
     */
    private LogState onDisk;
    /** The log's length as live writers see it. Written under the lock, read without it. */
    private volatile long size;

    LogFile(LogKey key, LogPaths paths, StoreLayout layout, ChannelOpener opener, Clock clock, long quota) {
        this.key = key;
        this.progressInterval = progressInterval(key);
        this.paths = paths;
        this.layout = layout;
        this.opener = opener;
        this.clock = clock;
        this.quota = quota;
    }

    /** Registers a writer; false if this object was retired (the caller must get a fresh one). */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        writers++;
        return true;
    }

    /** Unregisters a writer; true if it was the last, and this object is now retired. */
    synchronized boolean release() {
        if (--writers > 0) {
            return false;
        }
        retired = true;
        closeLive();
        return true;
    }

    long size() {
        return size;
    }

    /**
     * Starts a live stream: status STREAMING, held = the data file's length (the truth after a crash).
     *
     * <p><b>Cheap when a crash cannot tell.</b> A burst of opens must not queue behind one fsync
     * each, so the STREAMING state is written without forcing it when nothing a crash can leave
     * is worse for it. A {@code kill -9} leaves every write that returned (the OS has it), so
     * only a power loss differs: the unforced state may then be (1) lost, the previous state
     * file staying, or (2) torn, its rename kept but its bytes not (the file is unreadable). Every
     * ended status is always forced before its rename ({@link #writeState}), so only a STREAMING
     * state can ever be torn, and {@link #markInterrupted()}, run when the server starts,
     * records a torn state as INTERRUPTED with the data file's length. As for (1):
     * <ul>
     *   <li>the previous state says STREAMING: it stays STREAMING, which {@code markInterrupted}
     *       turns into INTERRUPTED with the data file's length, as it would have the new one;</li>
     *   <li>it says INTERRUPTED with the data file's length: it stays INTERRUPTED, which is what
     *       the log is after the crash; if bytes were appended since, {@code markInterrupted}
     *       rewrites the length (it refreshes an INTERRUPTED state whose length is stale);</li>
     *   <li>there is no state file and no data file (a new log): the state is gone and so is
     *       the log, or the data file's entry survived without it and reads as ERROR "may be
     *       incomplete", as a forced state would have allowed too (neither forces the
     *       directory, and a journal keeps the state's rename before the data file's creation).</li>
     * </ul>
     * In every other case the state is forced as before: above all a log whose state says it
     * ended (COMPLETE, TIMEOUT, ABORTED, ERROR), where a lost STREAMING state would leave the
     * old end on disk and readers would take appended bytes for a finished log. The progress
     * writes of a streaming log were never forced, so none of this adds a new kind of state
     * a crash can leave.
     */
    synchronized void openLive() throws IOException {
        prepare();
        boolean hasData = Files.isRegularFile(paths.data(), NOFOLLOW);
        size = hasData ? Files.size(paths.data()) : 0;
        boolean force = openMustForce(hasData);
        status = LogStatus.STREAMING;
        reason = reasonOr(null);
        // The state goes first: a reader that finds the data file then always finds its state.
        writeState(force);
        try {
            ensureLive();
        } catch (IOException e) {
            status = LogStatus.ERROR;
            reason = "could not open the log for appending: " + e.getMessage();
            writeStateQuietly(true);
            throw e;
        }
    }

    /** See {@link #openLive()}: false only where a crash that loses or tears the new state leaves nothing worse. */
    private boolean openMustForce(boolean hasData) {
        if (onDisk == null) {
            return hasData || Files.exists(paths.state(), NOFOLLOW);
        }
        return switch (onDisk.status()) {
            case STREAMING -> false;
            case INTERRUPTED -> onDisk.bytes() != size;
            default -> true;
        };
    }

    synchronized long appendLive(long offset, byte[] data, int off, int len) throws IOException {
        ensureLive();
        long before = live.held();
        IOException failure = null;
        try {
            live.append(offset, data, off, len);
        } catch (IOException e) {
            failure = e;
        }
        if (live.usable()) {
            size = live.held();
        } else {
            // The channel is gone (closed by an interrupt, or its length unreadable): what the
            // file holds is the truth, and the next append reopens it.
            closeLive();
            size = lengthOnDisk(size);
        }
        boolean record = false;
        if (failure instanceof QuotaExceededException && !cut) {
            cut = true;
            cutReason = failure.getMessage();
            if (reason == null) {
                reason = cutReason;
            }
            record = true;
        }
        if (size > before && status.ended()) {
            // Another writer ended the log, yet this one brought new bytes: it is growing again.
            status = LogStatus.STREAMING;
            reason = reasonOr(null);
            record = true;
        }
        if (record) {
            writeStateQuietly(true);
        } else if (size > before) {
            recordProgress();
        }
        if (failure != null) {
            throw failure;
        }
        return size;
    }

    /**
     * Records {@link LogStatus#INTERRUPTED} with the data file's length if no other writer of
     * this store has the log open and the state on disk says {@link LogStatus#STREAMING}, says
     * INTERRUPTED with a length the data file no longer has (a resumed stream whose unforced
     * STREAMING state a power loss dropped), or cannot be read (only an unforced STREAMING state
     * can be torn by a power loss: see {@link #openLive()}).
     *
     * @return true if it was recorded
     */
    synchronized boolean markInterrupted() throws IOException {
        if (writers > 1) {
            return false; // a writer of this process streams it right now
        }
        LogState previous;
        try {
            // Only a state the store wrote counts: a data file without one stays as it is (it reads as ERROR).
            previous = StateFile.read(paths.state()).orElse(null);
            if (previous == null) {
                return false;
            }
        } catch (StateFile.InvalidStateException e) {
            previous = null;
        }
        if (previous != null && previous.status() != LogStatus.STREAMING
                && !(previous.status() == LogStatus.INTERRUPTED && previous.bytes() != lengthOnDisk(previous.bytes()))) {
            return false;
        }
        prepare();
        size = lengthOnDisk(0);
        if (previous == null && size >= quota) {
            // The torn state took the cut with it; a log at the quota was cut.
            cut = true;
            cutReason = new QuotaExceededException(size, quota, key.toString()).getMessage();
        }
        status = LogStatus.INTERRUPTED;
        reason = "the server stopped while this log was streaming; " + size
                + " bytes are kept and the sender resumes from there if it comes back";
        writeState(true);
        return true;
    }

    /** Ends a live stream: forces its bytes to disk and records the status. */
    synchronized void endLive(LogStatus newStatus, String why) throws IOException {
        IOException failure = null;
        if (live != null && live.usable()) {
            try {
                live.force();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            recordEnded(newStatus, why);
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw new IOException("ending " + key + " as " + newStatus + " failed: " + failure.getMessage(), failure);
        }
    }

    /** Creates a snapshot's temporary file beside the log; the log and its state are not touched. */
    synchronized OffsetFile createSnapshot() throws IOException {
        prepare();
        Path temp = paths.newSnapshotTemp();
        FileChannel ch = opener.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW);
        try {
            return new OffsetFile(temp, ch, quota, key + " (snapshot)");
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * Replaces the log with a finished snapshot in one atomic rename and records it COMPLETE.
     * On failure the snapshot is discarded and the old log is left as it was.
     *
     * @param snapshotCutReason non-null if the snapshot reached the quota
     */
    synchronized void installSnapshot(OffsetFile snapshot, String snapshotCutReason) throws IOException {
        try {
            snapshot.force();
            snapshot.close();
            if (!Files.exists(paths.state(), NOFOLLOW)) {
                // A brand-new log: give it a state before its data appears, so that no reader
                // ever finds data without a state (which reads as ended in error).
                size = 0;
                status = LogStatus.STREAMING;
                writeState(true);
            }
            // The live channel points at the file about to be replaced; the next live append reopens.
            closeLive();
            Files.move(snapshot.path(), paths.data(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            discardSnapshot(snapshot);
            throw new IOException("replacing " + key + " with a snapshot failed (" + e.getMessage()
                    + "); the log was left as it was", e);
        }
        size = snapshot.held();
        cut = snapshotCutReason != null;
        cutReason = snapshotCutReason;
        recordEnded(LogStatus.COMPLETE, null);
    }

    /** Drops a snapshot's temporary file; failures are logged. */
    synchronized void discardSnapshot(OffsetFile snapshot) {
        try {
            snapshot.close();
        } catch (IOException e) {
            LOG.debug("{}: closing snapshot {} failed", key, snapshot.path(), e);
        }
        try {
            Files.deleteIfExists(snapshot.path());
        } catch (IOException e) {
            LOG.warn("{}: could not delete the discarded snapshot {} ({}); it is removed the next time the log is opened",
                    key, snapshot.path(), e.toString());
        }
    }

    /** Once per object: directories, temporaries a crash left behind, the cut of the previous state. */
    private void prepare() throws IOException {
        if (prepared) {
            return;
        }
        layout.createDirectories(paths);
        deleteStaleTemps();
        try {
            onDisk = StateFile.read(paths.state()).orElse(null);
            if (onDisk != null) {
                status = onDisk.status();
                cut = onDisk.cut();
                cutReason = onDisk.cut() ? onDisk.reason() : null;
                reason = onDisk.reason();
            }
        } catch (IOException e) {
            LOG.warn("{}: ignoring the unreadable state file; it is rewritten now ({})", key, e.getMessage());
        }
        prepared = true;
    }

    /**
     * No writer of this log is open in this process (this object is its first), so any temporary
     * of this log on disk was left by a crash.
     */
    private void deleteStaleTemps() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(paths.dir(),
                entry -> paths.isTempOfThisLog(entry.getFileName().toString()))) {
            for (Path stale : entries) {
                Files.deleteIfExists(stale);
                LOG.info("{}: deleted {}, left behind by an earlier run", key, stale.getFileName());
            }
        }
    }

    private void ensureLive() throws IOException {
        if (live != null && live.usable()) {
            return;
        }
        closeLive();
        FileChannel ch = opener.open(paths.data(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, NOFOLLOW);
        try {
            live = new OffsetFile(paths.data(), ch, quota, key);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        size = live.held();
    }

    private long lengthOnDisk(long otherwise) {
        try {
            return Files.size(paths.data());
        } catch (IOException e) {
            LOG.warn("{}: the log's length cannot be read ({}); it is read again on the next append", key, e.toString());
            return otherwise;
        }
    }

    private void closeLive() {
        if (live == null) {
            return;
        }
        try {
            live.close();
        } catch (IOException e) {
            LOG.debug("{}: closing the append channel failed", key, e);
        }
        live = null;
    }

    private String reasonOr(String given) {
        return given != null ? given : cut ? cutReason : null;
    }

    /**
     * How often, at most, appends rewrite this log's state file: {@link #PROGRESS_INTERVAL} plus a
     * part of it fixed by the log's name, so between one and two intervals. Why not the same for
     * all: streams that open together (a job's start, a server's restart) would then all rewrite
     * their states in the same second, every interval, and every request of that second would
     * queue behind a burst of file creations (a thousand, at the scale figure's size). Not measured
     * on its own: it went in with the longer interval (BENCHMARKS.md, session 5).
     */
    static Duration progressInterval(LogKey key) {
        long spread = Math.floorMod(key.hashCode() * 0x9E3779B97F4A7C15L, PROGRESS_INTERVAL.toMillis());
        return PROGRESS_INTERVAL.plusMillis(spread);
    }

    private void recordProgress() {
        Duration since = Duration.between(stateWrittenAt, clock.instant());
        // A clock set back must not silence progress until it catches up again.
        if (since.compareTo(progressInterval) >= 0 || since.isNegative()) {
            writeStateQuietly(false);
        }
    }

    /**
     * Records an ended status so that it survives a power loss: the state forced before its
     * rename, then the directory (so the rename itself is on disk).
     */
    private void recordEnded(LogStatus newStatus, String why) throws IOException {
        status = newStatus;
        reason = reasonOr(why);
        writeState(true);
        StoreLayout.forceDirectory(paths.dir());
    }

    /**
     * Writes the state; forced whenever {@code durable} or the status is an end. Crash recovery
     * relies on the latter: only a STREAMING state is ever written unforced, so only a STREAMING
     * state can be torn by a power loss ({@link #markInterrupted()}).
     */
    private void writeState(boolean durable) throws IOException {
        Instant now = clock.instant();
        LogState state = new LogState(status, size, now, reason, cut);
        onDisk = null; // unknown until the write succeeds
        StateFile.write(opener, paths, state, durable || status.ended());
        onDisk = state;
        stateWrittenAt = now;
    }

    /** For state written while appending: the bytes are stored, so a failed state write must not fail the append. */
    private void writeStateQuietly(boolean durable) {
        try {
            writeState(durable);
        } catch (IOException e) {
            LOG.warn("{}: could not write the state file ({}); the log itself is intact, the next state write retries",
                    key, e.toString());
        }
    }
}
