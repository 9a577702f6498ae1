package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generations of a log a tailer is done with — read to their end, or already rotated away when
 * it started — so that one met again under another name ({@code log.txt} later seen as
 * {@code log.txt.3}) is never read twice.
 *
 * <p>A file key alone does not identify a generation: once a generation is deleted its inode can be
 * handed to a new file (ext4 does so often). So each entry also keeps what was read of it: its
 * length and its first {@value #FINGERPRINT} bytes. A file with a recorded key is the recorded
 * generation only if it is at least that long and starts with those bytes; otherwise it is a new
 * generation that reuses the inode. (A new file that reuses the inode, starts with the same bytes
 * and is longer would be taken for the old one; logs that start with a timestamp never do.)
 *
 * <p>Bounded: it remembers the last {@code capacity} generations read plus those present at the
 * start. Forgetting an old one is harmless: it is older than the generation being read, and the
 * tailer never goes back. Not thread-safe; {@link Generations} guards it.
 */
final class ReadHistory {
    static final int FINGERPRINT = 64;

    private final Map<Object, Entry> byKey = new LinkedHashMap<>();
    private int capacity;

    ReadHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records a generation present before the tailer started; it is never evicted by later ones. */
    void addBaseline(FileObservation seen, FileChannel channel) throws IOException {
        capacity++;
        add(seen, fingerprint(channel, seen.size()), seen.size());
    }

    /** Records a generation the tailer has finished reading after {@code length} bytes. */
    void add(FileObservation seen, byte[] fingerprint, long length) {
        byKey.remove(seen.key());
        byKey.put(seen.key(), new Entry(seen, fingerprint, length));
        Iterator<Entry> eldest = byKey.values().iterator();
        while (byKey.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Cheap check without opening the file: a recorded generation, unchanged since it was recorded. */
    boolean unchanged(FileObservation now) {
        Entry e = byKey.get(now.key());
        return e != null && now.unchangedSince(e.seen);
    }

    boolean knows(Object key) {
        return byKey.containsKey(key);
    }

    /**
     * Whether the file open as {@code channel} and observed as {@code now} is the recorded generation
     * with its key (rather than a new one that reuses the inode). If so the record is refreshed, so
     * that the next look is {@link #unchanged cheap}.
     */
    boolean sameGeneration(FileObservation now, FileChannel channel) throws IOException {
        Entry e = byKey.get(now.key());
        if (e == null || now.size() < e.length) {
            return false;
        }
        if (!Arrays.equals(e.fingerprint, fingerprint(channel, e.fingerprint.length))) {
            return false;
        }
        byKey.put(now.key(), new Entry(now, e.fingerprint, e.length));
        return true;
    }

    /** The first {@code min(length, FINGERPRINT)} bytes of the open file (fewer if it is shorter). */
    static byte[] fingerprint(FileChannel channel, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, FINGERPRINT)));
        while (buf.hasRemaining()) {
            if (channel.read(buf, buf.position()) <= 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private record Entry(FileObservation seen, byte[] fingerprint, long length) {
    }
}
