package io.jobtail.streaming.tail;

import io.jobtail.api.Signal;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.runner.ReceiverProgressListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails a growing log file and produces its bytes as a stream with offsets.
 *
 * <p>The stream's offsets count every byte of every generation of the file: when the file is
 * rotated (a new file appears under the name) the old handle is read <em>to its end</em> before
 * the new file is read, and the new file's byte 0 continues the stream. Each new generation is
 * opened (pinned) the moment it is seen, even while older ones are still being drained, so a
 * writer that rotates several times while the sender lags behind (a slow or unreachable
 * receiver) costs nothing: the pinned handles keep renamed or deleted files readable. With
 * file-system events the pinning happens on the watcher's thread the moment the directory
 * changes, not only when the streaming thread looks. A generation that was rotated away by rename
 * before anyone looked is found beside the log ({@code log.txt.1}, {@code log.txt.r7}, ...) and
 * streamed in its turn; see {@link Generations} for how, and for the naming supported. A generation
 * deleted before anyone opened it is lost (and warned about where it can be seen). When the file
 * is truncated in place (copytruncate) the bytes written between the last read and the truncation
 * are unavoidably lost, and reading restarts at the new byte 0 (a warning says so).
 *
 * <p>It waits for a file that does not exist yet. New data is noticed through the
 * {@link FileWatcher}, and otherwise at least every poll interval. After {@code livenessInterval}
 * without sending it produces a heartbeat, never while stopping. Once the stop signal (or the
 * abort signal, checked after the read) is set it reads until empty, waits one more poll
 * interval, reads again, and only a second empty read ends the stream: bytes written during
 * that drain window still go out.
 *
 * <p>Resuming: the stream can {@link #seek} back to any byte the receiver has not confirmed, even
 * one in a generation that has been rotated away since it was read: finished generations stay
 * open ({@link FinishedGenerations}) until the receiver says it holds them
 * ({@link #receiverHolds}). With {@code keepCursor} the layout of the recent generations is kept in
 * a {@link TailCursor} beside the log, so that a later process (the site, after the job) resumes
 * at the right place, finding rotated generations again by file key, length and first bytes. What
 * cannot be placed for certain is refused with the reason; bytes are never spliced.
 *
 * <p>Threads: one streaming thread calls {@link #produce}, {@link #seek}, {@link #poll} and
 * {@link #close}; the file watcher's thread only looks for new generations
 * ({@link Generations#discover}); the sending thread may call {@link #receiverHolds}; other
 * threads only trigger the signals. The file is the buffer: nothing is kept in memory to resend.
 *
 * <p>The watch (and with it the pinning) starts in the constructor, so generations that come and
 * go before the stream's first read are not missed; {@link #close} must be called to release it
 * and the pinned handles.
 */
public final class LogTailProducer implements ObjectProducer, ReceiverProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(LogTailProducer.class);
    /** Finished generations kept open for resending at most; each is one file descriptor. */
    static final int MAX_FINISHED = 1024;

    private final Path file;
    private final LogStreamOptions options;
    private final Signal stop;
    private final Signal abort;
    private final boolean keepCursor;

    private final Generations generations;
    private final FinishedGenerations finished;
    /** What the receiver last said it holds: finished generations before it can be let go. */
    private volatile long receiverHolds;
    /** Stream offset being read again from a finished generation after a seek back; -1 while reading the current one. */
    private long replay = -1;
    /** The generations' layout as written beside the log (keepCursor only; null until the first file opens). */
    private TailCursor cursor;
    /**
     * A cursor beside the log names another file than the one under the name: this file's place in
     * the stream is unknown, so resuming anywhere but at byte 0 is refused.
     */
    private boolean baseUnknown;
    /** The current generation's handle and key (streaming thread only; owned by {@link #generations}). */
    private FileChannel channel;
    private Object fileKey;
    /** Stream offset of byte 0 of the open file's generation. */
    private long base;
    /** Next byte to read in the open file (or, before it opens, where to start). */
    private long position;
    private boolean draining;
    private long endOffset = -1;
    private long lastSendNanos;
    /**
     * The first bytes (up to {@value ReadHistory#FINGERPRINT}) of the open generation: a file
     * truncated in place and written past the read position again before the next look is no
     * shorter, but starts differently.
     */
    private byte[] head = new byte[0];
    private final FileWatch watch;
    private boolean announcedWaiting;

    /**
     * @param file the log to tail; need not exist yet
     * @param stop set when the job is ending: drain, then end the stream
     * @param abort the run's abort signal, or null; treated like stop
     * @param keepCursor whether to keep the rotation cursor beside the file (live streams), so a
     *     later process can resume the stream at the right place in the current file
     */
    public LogTailProducer(Path file, LogStreamOptions options, Signal stop, Signal abort, boolean keepCursor) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.abort = abort;
        this.keepCursor = keepCursor;
        this.lastSendNanos = options.ticker().nanos();
        this.generations = new Generations(this.file);
        this.finished = new FinishedGenerations(this.file, MAX_FINISHED);
        // the callback may run on the watcher's thread as soon as the watch exists; it does nothing
        // until start(), which looks after the watch is in place so that nothing falls in between
        this.watch = options.fileWatcher().watch(this.file, () -> generations.discover(false));
        generations.start();
    }

    @Override
    public StreamItem produce(StreamContext ctx) throws IOException, InterruptedException {
        finished.releaseBefore(Math.min(receiverHolds, offset()));
        if (replay >= 0) {
            StreamItem again = produceAgain();
            if (again != null) {
                return again;
            }
        }
        if (endOffset >= 0 && base + position == endOffset) {
            return StreamItem.end(endOffset);
        }
        endOffset = -1;
        while (true) {
            if (channel == null) {
                open();
            }
            if (channel != null) {
                byte[] data = read(observe());
                if (data != null) {
                    draining = false;
                    lastSendNanos = options.ticker().nanos();
                    StreamItem item = StreamItem.data(base + position, data);
                    position += data.length;
                    recordHead();
                    return item;
                }
                if (generations.hasNewer()) {
                    switchToNextGeneration();
                    continue;
                }
                // nothing to read: the moment (an event or the poll interval) to look for generations
                // that came and went while the name was empty or a look was cut short by renames
                generations.discover(false);
                if (generations.hasNewer()) {
                    continue;
                }
            }
            if (stopping()) {
                if (draining) {
                    endOffset = base + position;
                    if (channel == null) {
                        LOG.info("Log file {} was not created during this job; ending its stream", file);
                    }
                    return StreamItem.end(endOffset);
                }
                draining = true;
                options.sleeper().sleep(options.pollInterval());
                continue;
            }
            long silentNanos = options.ticker().nanos() - lastSendNanos;
            long livenessNanos = options.livenessInterval().toNanos();
            if (silentNanos >= livenessNanos) {
                lastSendNanos = options.ticker().nanos();
                return StreamItem.heartbeat();
            }
            long waitNanos = Math.min(options.pollInterval().toNanos(), livenessNanos - silentNanos);
            watch.awaitChange(Duration.ofNanos(Math.max(1, waitNanos)));
        }
    }

    @Override
    public void seek(long offset) throws IOException {
        if (offset < 0) {
            throw new IOException("cannot resume " + file + " at byte " + offset + ": a negative offset");
        }
        if (channel == null) {
            open(); // first, so that a saved cursor can say where the current file starts
        }
        finished.releaseBefore(Math.min(receiverHolds, offset));
        if (offset < base) {
            if (!finished.covers(offset, base) && cursor != null) {
                finished.reopen(cursor, generations.siblings(), offset);
            }
            if (!finished.covers(offset, base)) {
                throw new IOException("cannot resume " + file + " at byte " + offset + ": the current file starts at stream byte "
                        + base + " and " + finished.whyNotCovered(offset, base));
            }
            replay = offset;
            position = 0;
            endOffset = -1;
            return;
        }
        replay = -1;
        if (baseUnknown) {
            if (offset > 0) {
                throw new IOException("cannot resume " + file + " at byte " + offset + ": it is not the file the rotation "
                        + "cursor " + TailCursor.pathFor(file).getFileName() + " last recorded, so where its bytes lie in the "
                        + "stream is unknown; refusing rather than splicing generations");
            }
            baseUnknown = false; // the receiver holds nothing: this file starts the stream
            cursor = TailCursor.start(0, fileKey.toString());
            writeCursor();
        }
        long pos = offset - base;
        long size = channel == null ? 0 : channel.size();
        if (pos > size) {
            throw new IOException("cannot resume " + file + " at byte " + offset + ": the receiver holds more than this file has ("
                    + (base + size) + " bytes); the log was rotated or replaced since it was last streamed");
        }
        position = pos;
        if (endOffset >= 0 && offset != endOffset) {
            endOffset = -1;
        }
    }

    /** Stream offset of the next byte to produce. */
    public long offset() {
        return replay >= 0 ? replay : base + position;
    }

    /** Thread-safe and non-blocking; the streaming thread lets go of what the receiver holds on its next read. */
    @Override
    public void receiverHolds(long offset) {
        receiverHolds = offset;
    }

    /** Releases the watch, the open file and every pinned or kept generation; idempotent. */
    @Override
    public void close() {
        watch.close();
        generations.close();
        finished.close();
        channel = null;
        fileKey = null;
    }

    private boolean stopping() {
        return stop.isTriggered() || (abort != null && abort.isTriggered());
    }

    /** Opens the first file: the oldest pinned generation if any, else what is under the name now. */
    private void open() {
        Generations.Generation first = generations.openFirst();
        if (first == null) {
            if (!announcedWaiting) {
                announcedWaiting = true;
                LOG.info("Waiting for log file {} to appear", file);
            }
            return;
        }
        channel = first.channel;
        fileKey = first.key;
        if (keepCursor && fileKey != null) {
            TailCursor saved = TailCursor.read(file);
            if (saved == null) {
                cursor = TailCursor.start(0, fileKey.toString());
                writeCursor(); // from the first read on, a later process can tell where this file lies
            } else if (saved.current().fileKey().equals(fileKey.toString())) {
                cursor = saved;
                base = saved.current().base();
            } else {
                cursor = placeAfterRotations(saved);
                if (cursor != null) {
                    base = cursor.current().base();
                    writeCursor();
                    LOG.info("{} was rotated while no streamer read it; its current file starts at stream byte {}", file, base);
                } else {
                    cursor = saved;
                    baseUnknown = true;
                    LOG.warn("The rotation cursor beside {} names a file that is no longer beside it (or not the same "
                            + "file); where the file under the name lies in the stream is unknown, so the stream can only "
                            + "start afresh", file);
                }
            }
        }
        LOG.debug("Tailing {} (stream offset of its first byte: {})", file, base);
    }

    /** The saved cursor extended over the rotations since it was written, or null if they cannot be placed. */
    private TailCursor placeAfterRotations(TailCursor saved) {
        FileObservation name = FileObservation.ofOrNull(file, 0);
        if (name == null || !fileKey.equals(name.key())) {
            return null; // rotated again since it was opened
        }
        try {
            return RotationsSinceCursor.extend(saved, name, generations.siblings().list(0));
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void poll() throws IOException {
        if (channel != null) {
            observe();
        }
    }

    /**
     * Looks at what is now under the file's name: another file means a rotation, and the new
     * generations are looked for (cheap when they are already known); the current file having
     * shrunk is a truncation, handled here.
     *
     * @return the open file's size when the name still leads to it (the look has just read it,
     *     so {@link #read} need not ask again), else -1
     */
    private long observe() throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return -1; // renamed away, not yet recreated: keep draining what is open
        }
        if (Objects.equals(now.fileKey(), fileKey)) {
            if (!generations.hasNewer() && (now.size() < position || startsDifferently())) {
                LOG.warn("Log file {} was truncated in place at {} bytes; lines written between the last read and the "
                        + "truncation cannot be recovered. Streaming continues from its new start.", file, position);
                base += position;
                position = 0;
                head = new byte[0];
                finished.clear(); // the truncated bytes are gone: nothing before this point can be read again
                if (cursor != null && !baseUnknown) {
                    cursor = TailCursor.start(base, fileKey.toString());
                    writeCursor();
                }
            }
            return now.size();
        }
        generations.discover(false);
        return -1;
    }

    /** Whether the open file no longer starts with the bytes read from its start (one small read). */
    private boolean startsDifferently() throws IOException {
        if (position == 0) {
            return false;
        }
        byte[] now = ReadHistory.fingerprint(channel, position);
        int common = Math.min(head.length, now.length); // less than known after a seek back
        if (!Arrays.equals(head, 0, common, now, 0, common)) {
            return true;
        }
        if (now.length > head.length) {
            head = now; // the same start, and more of it than known so far
        }
        return false;
    }

    private void switchToNextGeneration() throws IOException {
        LOG.info("Log file {} was rotated after {} bytes of its old generation; following the new file", file, position);
        FileChannel done = channel;
        long length = position;
        byte[] doneHead = cursor == null ? null : ReadHistory.fingerprint(done, length);
        Generations.Generation next = generations.advance(length);
        finished.add(done, base, length);
        finished.releaseBefore(receiverHolds);
        base += length;
        position = 0;
        head = new byte[0];
        channel = next.channel;
        fileKey = next.key;
        if (cursor != null && !baseUnknown) {
            cursor = cursor.rotated(length, doneHead, String.valueOf(fileKey));
            writeCursor();
        }
    }

    /**
     * Records the current generation's first bytes in the cursor once they are read, so that a later
     * process that finds it rotated away can tell it from a new file that reuses its inode.
     */
    private void recordHead() throws IOException {
        if (cursor != null && !baseUnknown && cursor.current().head().length == 0 && position >= ReadHistory.FINGERPRINT) {
            cursor = cursor.withCurrentHead(ReadHistory.fingerprint(channel, ReadHistory.FINGERPRINT));
            writeCursor();
        }
    }

    /** The next bytes of a finished generation after a seek back into it; null once the current file is reached. */
    private StreamItem produceAgain() throws IOException {
        if (replay >= base) {
            replay = -1;
            return null;
        }
        byte[] data = new byte[(int) Math.min(options.chunkSize(), base - replay)];
        int n = finished.read(replay, ByteBuffer.wrap(data));
        draining = false;
        lastSendNanos = options.ticker().nanos();
        StreamItem item = StreamItem.data(replay, n == data.length ? data : Arrays.copyOf(data, n));
        replay += n;
        if (replay >= base) {
            replay = -1;
        }
        return item;
    }

    /**
     * The next bytes of the open file, at most a chunk, or null if it holds nothing past the
     * position. Reads into an array of exactly what the file holds (up to a chunk), which becomes
     * the item's payload as it is: no buffer is kept per stream and no byte is copied after the
     * read (BENCHMARKS.md, "Throughput"). Only a file that shrinks between the size and the read
     * costs a copy.
     *
     * @param knownSize the open file's size if {@link #observe} just learned it, else -1
     */
    private byte[] read(long knownSize) throws IOException {
        long available = (knownSize >= 0 ? knownSize : channel.size()) - position;
        if (available <= 0) {
            return null;
        }
        byte[] data = new byte[(int) Math.min(options.chunkSize(), available)];
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) <= 0) {
                break;
            }
        }
        int n = buffer.position();
        if (n == 0) {
            return null;
        }
        return n == data.length ? data : Arrays.copyOf(data, n);
    }

    private void writeCursor() {
        try {
            cursor.write(file);
        } catch (IOException e) {
            LOG.warn("Could not save the rotation cursor beside {} ({}); a later resume of this log may be refused", file, e.toString());
        }
    }
}
