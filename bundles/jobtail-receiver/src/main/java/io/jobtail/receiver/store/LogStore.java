package io.jobtail.receiver.store;

import io.jobtail.api.Names;
import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's store of streamed logs: {@code <root>/<job>/<site>/<file>}, appended as bytes
 * arrive so {@code tail -f} can follow it, with {@code <file>.state.json} beside it (see
 * {@link LogState}).
 *
 * <p><b>Names.</b> Job ids, site names and log file names must pass
 * {@link io.jobtail.api.Names#requireSafe}; log file names may not end in {@code .state.json}.
 * Every method checks every name first and throws {@link IllegalArgumentException} naming which
 * name is wrong and why, before touching the disk. Job and site directories are never followed
 * through symbolic links, so nothing is ever written outside the root.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may open writers and read at any time. Writers of
 * the same log share one lock and one per-log object (so live appends never interleave and a
 * snapshot replaces the log between two appends, never during one); different logs never wait
 * for each other. Reads take no lock: they see the bytes the OS has, and a state written whole.
 * The store owns no threads and no open files of its own: each writer holds the per-log
 * resources until it is closed, and the caller owns its writers.
 *
 * <p><b>Time.</b> The clock stamps states and paces the progress updates of the state file
 * (at most one per second of clock time per log while appending, never one per chunk); nothing
 * waits on it.
 *
 * <p><b>Restarts.</b> The data file's length is what a log holds, so a new store on the same
 * root resumes every log where its file ends. A log whose server stopped while it streamed still
 * says {@link LogStatus#STREAMING} on disk until {@link #markInterrupted()} (which the receiver
 * runs when it starts) records it {@link LogStatus#INTERRUPTED}, or a writer opens it again. One
 * store per root: two stores (or processes) writing the same root do not coordinate.
 */
public final class LogStore {
    /** The default per-log quota: 1 GiB. */
    public static final long DEFAULT_QUOTA_BYTES_PER_LOG = 1L << 30;
    static final String CLOSED_BEFORE_END = "the writer was closed before the stream ended";
    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final StoreLayout layout;
    private final long quota;
    private final Clock clock;
    private final ChannelOpener opener;
    /** The logs that have writers open; an entry leaves when its last writer closes. */
    private final ConcurrentMap<LogKey, LogFile> inUse = new ConcurrentHashMap<>();

    /** A store with the default quota and the system clock (UTC). */
    public LogStore(Path root) {
        this(root, DEFAULT_QUOTA_BYTES_PER_LOG, Clock.systemUTC());
    }

    /**
     * @param root             the store's directory; created when the first log is opened
     * @param quotaBytesPerLog the most bytes one log may hold (&gt; 0)
     * @param clock            stamps states and paces progress updates
     */
    public LogStore(Path root, long quotaBytesPerLog, Clock clock) {
        this(root, quotaBytesPerLog, clock, ChannelOpener.FILES);
    }

    LogStore(Path root, long quotaBytesPerLog, Clock clock, ChannelOpener opener) {
        Objects.requireNonNull(root, "root == null");
        if (quotaBytesPerLog <= 0) {
            throw new IllegalArgumentException("quotaBytesPerLog <= 0: " + quotaBytesPerLog);
        }
        this.layout = new StoreLayout(root);
        this.quota = quotaBytesPerLog;
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.opener = Objects.requireNonNull(opener, "opener == null");
    }

    /** The store's directory, absolute and normalised. */
    public Path root() {
        return layout.root();
    }

    public long quotaBytesPerLog() {
        return quota;
    }

    /** {@link #openLive} for {@link StreamMode#LIVE}, {@link #openSnapshot} for {@link StreamMode#SNAPSHOT}. */
    public LogWriter open(String jobId, String site, String file, StreamMode mode, String streamId) throws IOException {
        Objects.requireNonNull(mode, "mode == null");
        return mode == StreamMode.LIVE ? openLive(jobId, site, file) : openSnapshot(jobId, site, file, streamId);
    }

    /**
     * Opens a writer that appends to the log, creating it if needed and resuming it if not: its
     * {@link LogWriter#held()} is the data file's length. Records the status
     * {@link LogStatus#STREAMING}. Several live writers of the same log may be open at once (two
     * streams of one log); they share the log's length, so the same bytes are stored once.
     * Blocks while another writer of the same log holds its lock.
     *
     * @throws IllegalArgumentException a name is not allowed
     * @throws IOException              the directories, the state or the file could not be written
     */
    public LogWriter openLive(String jobId, String site, String file) throws IOException {
        LogKey key = new LogKey(jobId, site, file);
        LogFile log = acquire(key);
        try {
            log.openLive();
            return new LiveLogWriter(this, log);
        } catch (IOException | RuntimeException e) {
            release(log);
            throw e;
        }
    }

    /**
     * Opens a writer that builds a replacement of the log from offset 0 in a temporary file of
     * its own beside it. Only {@link LogWriter#complete()} replaces the log (one atomic rename)
     * and records it {@link LogStatus#COMPLETE}; any other end deletes the temporary file and
     * leaves the log and its state as they were. Live writers of the same log that append after
     * the replacement see its length.
     *
     * @param streamId names the stream in messages
     * @throws IllegalArgumentException a name is not allowed
     * @throws IOException              the directories or the temporary file could not be created
     */
    public LogWriter openSnapshot(String jobId, String site, String file, String streamId) throws IOException {
        LogKey key = new LogKey(jobId, site, file);
        Objects.requireNonNull(streamId, "streamId == null");
        LogFile log = acquire(key);
        try {
            return new SnapshotLogWriter(this, log, log.createSnapshot(), streamId);
        } catch (IOException | RuntimeException e) {
            release(log);
            throw e;
        }
    }

    /**
     * The log's state as its state file says. A log exists while its data file does; if its state
     * file is missing or unreadable (written by something else, or damaged), the state says
     * {@link LogStatus#ERROR} with the reason, and the data file's length. While the state says
     * {@link LogStatus#STREAMING} its bytes are the data file's length: the state file's own count
     * is refreshed only every 30 to 60 s while bytes arrive ({@code LogFile.progressInterval}).
     *
     * @return empty if there is no such log
     * @throws IllegalArgumentException a name is not allowed
     */
    public Optional<LogState> state(String jobId, String site, String file) throws IOException {
        LogPaths paths = layout.paths(new LogKey(jobId, site, file));
        if (!layout.requireInsideRoot(paths.dir())) {
            return Optional.empty();
        }
        Optional<LogState> state = readState(paths);
        if (!Files.isRegularFile(paths.data(), NOFOLLOW)) {
            return Optional.empty();
        }
        return Optional.of(state.map(s -> withLiveLength(s, paths)).orElseGet(() -> missingState(paths)));
    }

    /** A STREAMING state with the data file's length, which only grows while it streams. */
    private static LogState withLiveLength(LogState s, LogPaths paths) {
        if (s.status() != LogStatus.STREAMING) {
            return s;
        }
        try {
            long length = Files.size(paths.data());
            return length > s.bytes() ? new LogState(s.status(), length, s.updated(), s.reason(), s.cut()) : s;
        } catch (IOException e) {
            return s; // gone or unreadable since it was found: report what the state says
        }
    }

    /**
     * Reads up to {@code maxBytes} of a log from {@code start}; a negative {@code start} counts
     * from the end ({@code -100}: the last 100 bytes), a start past the end reads nothing from
     * the end. The status is read before the bytes, so when the slice says
     * {@link LogSlice#complete()} no byte can follow its {@link LogSlice#size()}. Never blocks
     * on writers.
     *
     * @return empty if there is no such log
     * @throws IllegalArgumentException a name is not allowed, or {@code maxBytes < 0}
     */
    public Optional<LogSlice> read(String jobId, String site, String file, long start, int maxBytes) throws IOException {
        LogPaths paths = layout.paths(new LogKey(jobId, site, file));
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
        }
        if (!layout.requireInsideRoot(paths.dir())) {
            return Optional.empty();
        }
        Optional<LogState> state = readState(paths);
        try (FileChannel ch = FileChannel.open(paths.data(), StandardOpenOption.READ, NOFOLLOW)) {
            long size = ch.size();
            long from = start >= 0 ? Math.min(start, size) : Math.max(0, size + start);
            byte[] data = new byte[(int) Math.min(maxBytes, size - from)];
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            boolean complete = state.map(s -> s.status().ended()).orElse(true);
            return Optional.of(new LogSlice(data, from, from + buf.position(), size, complete));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The jobs that have logs, sorted. */
    public List<String> jobs() throws IOException {
        return list(layout.root(), entry -> Files.isDirectory(entry, NOFOLLOW));
    }

    /** The sites that have logs of {@code jobId}, sorted; empty if there are none. */
    public List<String> sites(String jobId) throws IOException {
        return list(layout.jobDir(jobId), entry -> Files.isDirectory(entry, NOFOLLOW));
    }

    /** The logs {@code site} has for {@code jobId}, sorted; never a state or temporary file. */
    public List<String> files(String jobId, String site) throws IOException {
        return list(layout.siteDir(jobId, site), entry -> !LogPaths.isStateFile(entry.getFileName().toString())
                && Files.isRegularFile(entry, NOFOLLOW));
    }

    /**
     * Records every log that a previous server left {@link LogStatus#STREAMING} as
     * {@link LogStatus#INTERRUPTED}, with the length its data file really has, so readers no
     * longer take it for live. Its bytes are untouched: a sender that comes back resumes from them.
     * Logs that a writer of this store has open are left alone. Also deletes the temporaries a
     * crash left beside those logs.
     *
     * <p>A power loss may also have left what the unforced state writes of a streaming log allow
     * (see {@code LogFile.openLive}): a state file torn by it (unreadable), or an INTERRUPTED state
     * whose length is older than the data file's because the STREAMING state of the stream that
     * resumed it was lost. Both are recorded INTERRUPTED with the data file's length too. A state
     * that says a stream ended any other way is always forced to disk, so it is never one of these.
     *
     * <p>Run it once when the server starts, before streams arrive; it reads the state of every
     * log (one directory walk three levels deep) and blocks for as long as that takes. A log that
     * cannot be recorded is logged and skipped; the others are still recorded.
     *
     * @return how many logs were recorded as interrupted
     * @throws IOException the store's directories cannot be listed
     */
    public int markInterrupted() throws IOException {
        int marked = 0;
        for (String job : jobs()) {
            for (String site : sites(job)) {
                for (String file : files(job, site)) {
                    LogKey key;
                    try {
                        key = new LogKey(job, site, file);
                    } catch (IllegalArgumentException e) {
                        continue; // not a log the store could have written
                    }
                    LogFile log = acquire(key);
                    try {
                        if (log.markInterrupted()) {
                            marked++;
                        }
                    } catch (IOException e) {
                        LOG.warn("{}: could not record that its stream was interrupted ({}); it still reads as STREAMING",
                                key, e.toString());
                    } finally {
                        release(log);
                    }
                }
            }
        }
        return marked;
    }

    static void requireEnding(LogStatus status) {
        Objects.requireNonNull(status, "status == null");
        if (!status.ended() || status == LogStatus.INTERRUPTED) {
            throw new IllegalArgumentException("a stream cannot end as " + status);
        }
    }

    /** Called once by each writer when it closes. */
    void release(LogFile log) {
        if (log.release()) {
            inUse.remove(log.key, log);
        }
    }

    private LogFile acquire(LogKey key) {
        LogPaths paths = layout.paths(key);
        while (true) {
            LogFile log = inUse.computeIfAbsent(key, k -> new LogFile(k, paths, layout, opener, clock, quota));
            if (log.acquire()) {
                return log;
            }
            // Its last writer closed between the lookup and the acquire: drop it and take a fresh one.
            inUse.remove(key, log);
        }
    }

    private static Optional<LogState> readState(LogPaths paths) {
        try {
            return StateFile.read(paths.state());
        } catch (IOException e) {
            LOG.debug("unreadable state {}", paths.state(), e);
            return Optional.empty();
        }
    }

    private LogState missingState(LogPaths paths) {
        long size = 0;
        Instant modified = clock.instant();
        try {
            size = Files.size(paths.data());
            modified = Files.getLastModifiedTime(paths.data(), NOFOLLOW).toInstant();
        } catch (IOException e) {
            // Gone or unreadable since it was found: report what is known.
        }
        return new LogState(LogStatus.ERROR, size, modified,
                "no readable state file beside the log; it may be incomplete", false);
    }

    private List<String> list(Path dir, Predicate<Path> accept) throws IOException {
        if (!layout.requireInsideRoot(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Temporaries start with a dot and fail the name rule; so does anything not put here by the store.
                if (Names.isSafe(name) && accept.test(entry)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Collections.sort(names);
        return names;
    }
}
