package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations of a log that a tailer has read to their end but that its stream may still have
 * to go back into: the receiver has not confirmed holding them. It is what lets a stream resume
 * below the current file's first byte.
 *
 * <p>Why: a sender reads ahead of what the receiver confirmed (a batch in flight, a read-ahead
 * queue), so by the time a receiver that restarted answers "I hold N bytes", the tailer may be
 * several rotations further on. Kept open, a finished generation stays readable whether it was
 * renamed or deleted meanwhile. In a later process (the site resending after the job) the
 * finished generations are found again beside the log from the {@link TailCursor}, each checked
 * by file key, length and first bytes, so a byte is never read from the wrong file.
 *
 * <p>Contiguous and oldest first: each starts where the one before ends, and the newest ends where
 * the current generation starts. Bounded to {@code capacity} open files; beyond it the oldest is
 * closed, and resuming before it is refused (with the reason). Not thread-safe: the tailer's
 * streaming thread owns it and the open channels in it.
 */
final class FinishedGenerations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedGenerations.class);

    private final Path file;
    private final int capacity;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long forgottenBefore = -1;

    FinishedGenerations(Path file, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.file = file;
        this.capacity = capacity;
    }

    /** Keeps {@code channel}, holding stream bytes {@code [base, base + length)}, and takes ownership of it. */
    void add(FileChannel channel, long base, long length) {
        if (length == 0) {
            close(channel); // nothing to read again
            return;
        }
        if (!segments.isEmpty() && segments.peekLast().end() != base) {
            clear(); // not contiguous (cannot happen unless bytes were lost in between): keep only what follows
        }
        segments.addLast(new Segment(channel, base, length));
        while (segments.size() > capacity) {
            Segment dropped = segments.removeFirst();
            forgottenBefore = dropped.end();
            close(dropped.channel);
        }
    }

    /** Closes every generation that ends at or before {@code offset}: the receiver holds it. */
    void releaseBefore(long offset) {
        while (!segments.isEmpty() && segments.peekFirst().end() <= offset) {
            close(segments.removeFirst().channel);
        }
    }

    /** Whether every byte from {@code offset} up to {@code end} (the current generation's start) can be read again. */
    boolean covers(long offset, long end) {
        return !segments.isEmpty() && segments.peekFirst().base <= offset && segments.peekLast().end() == end;
    }

    /**
     * Reads from stream byte {@code offset} into {@code buffer}, up to the end of the generation
     * holding it.
     *
     * @return the bytes read
     * @throws IOException if no generation holds {@code offset}, or the one that does has shrunk
     */
    int read(long offset, ByteBuffer buffer) throws IOException {
        for (Segment s : segments) {
            if (offset >= s.base && offset < s.end()) {
                int want = (int) Math.min(buffer.remaining(), s.end() - offset);
                buffer.limit(buffer.position() + want);
                int total = 0;
                while (buffer.hasRemaining()) {
                    int n = s.channel.read(buffer, offset - s.base + total);
                    if (n <= 0) {
                        throw new IOException("the rotated generation of " + file + " holding stream bytes " + s.base + " to "
                                + s.end() + " shrank after it was read; its bytes from " + (offset + total) + " are gone");
                    }
                    total += n;
                }
                return total;
            }
        }
        throw new IOException("no rotated generation of " + file + " holds stream byte " + offset);
    }

    /** Why resuming at {@code offset}, below the current generation's start {@code end}, is not possible. */
    String whyNotCovered(long offset, long end) {
        if (forgottenBefore > offset) {
            return "more than " + capacity + " rotated generations were read ahead of the receiver, and the oldest were "
                    + "let go (stream bytes before " + forgottenBefore + ")";
        }
        return "the bytes before stream byte " + end + " were in rotated-away files that are no longer known";
    }

    /**
     * Finds the finished generations the cursor records again beside the log, from the newest back
     * to the one holding {@code offset}, and keeps them open. Stops at the first one that is gone or
     * is not the recorded file (by key, length and first bytes); what was found before stays.
     *
     * @param cursor the cursor whose current generation is the one open now
     */
    void reopen(TailCursor cursor, RotatedSiblings siblings, long offset) {
        List<TailCursor.Entry> finished = cursor.generations().subList(0, cursor.generations().size() - 1);
        List<FileObservation> beside;
        try {
            beside = siblings.list(0);
        } catch (IOException e) {
            LOG.warn("Cannot list the rotated files beside {} ({}); earlier generations cannot be resent", file, e.toString());
            return;
        }
        List<Segment> found = new ArrayList<>();
        long next = cursor.current().base();
        for (int i = finished.size() - 1; i >= 0 && next > offset; i--) {
            TailCursor.Entry e = finished.get(i);
            if (e.end() != next) {
                break;
            }
            if (e.length() == 0) {
                next = e.base(); // nothing to read again: the file need not exist
                continue;
            }
            FileChannel ch = openRecorded(e, beside);
            if (ch == null) {
                LOG.warn("The generation of {} that held stream bytes {} to {} (file {}) is no longer beside it; "
                        + "the stream cannot be resumed before byte {}", file, e.base(), e.end(), e.fileKey(), next);
                break;
            }
            found.add(0, new Segment(ch, e.base(), e.length()));
            next = e.base();
        }
        clear();
        segments.addAll(found);
    }

    /** The file beside the log that is the recorded generation, open; null if there is none. */
    private FileChannel openRecorded(TailCursor.Entry e, List<FileObservation> beside) {
        for (FileObservation o : beside) {
            if (!o.key().toString().equals(e.fileKey()) || o.size() < e.length()) {
                continue;
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(o.path(), StandardOpenOption.READ);
                FileObservation again = FileObservation.of(o.path(), o.scan());
                if (again.key().equals(o.key()) && Arrays.equals(e.head(), ReadHistory.fingerprint(ch, e.length()))) {
                    return ch;
                }
            } catch (IOException ex) {
                LOG.debug("Rotated file {} could not be checked: {}", o.path(), ex.toString());
            }
            if (ch != null) {
                close(ch);
            }
        }
        return null;
    }

    /** Closes every kept generation. */
    void clear() {
        while (!segments.isEmpty()) {
            close(segments.removeFirst().channel);
        }
    }

    int size() {
        return segments.size();
    }

    @Override
    public void close() {
        clear();
    }

    private void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("Closing a finished generation of {} failed: {}", file, e.toString());
        }
    }

    private record Segment(FileChannel channel, long base, long length) {
        long end() {
            return base + length;
        }
    }
}
