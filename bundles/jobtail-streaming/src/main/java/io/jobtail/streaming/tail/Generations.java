package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations of one rotated log a tailer reads, in the order they were written: the one being
 * read ({@link #current}), and the newer ones, opened ("pinned") as soon as they are found and
 * waiting their turn. An open handle keeps a generation readable after it is renamed or deleted.
 *
 * <p>Finding them ({@link #discover}): the file under the log's name is the newest generation. A
 * generation that was created, written and rotated away between two looks was never under the name
 * when anyone looked; rename rotation leaves it beside the log as a {@link RotatedSiblings rotated
 * sibling}, so whenever the name holds a file that is not the newest known generation (or holds
 * none) the siblings are listed, and every one that is neither open nor {@link ReadHistory already
 * read} and is newer than the generation being read is opened and queued in age order. Each file
 * is opened by path and then checked to still be the file listed (it may have been renamed again
 * in between; then the directory is listed again). Never read twice, never out of order: a sibling
 * older than the generation being read is skipped, with a warning if it was never read.
 *
 * <p>What cannot be recovered, and is warned about where it can be seen: a generation deleted
 * before anyone opened it (delete-and-recreate faster than the file events arrive, or a rotation
 * window that deletes its oldest file before it was found: "deleted before it could be opened").
 *
 * <p>Threads: {@link #discover} is called by the streaming thread and by the file watcher's
 * thread; everything else only by the streaming thread. All state is guarded by {@code this};
 * {@link #current} is written only by the streaming thread (under the lock), which may therefore
 * read it without.
 */
final class Generations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Generations.class);
    private static final int HISTORY = 256;
    private static final int ATTEMPTS = 3;
    private static final int WARNED = 1024;

    private final Path file;
    private final RotatedSiblings siblings;
    private final ReadHistory history = new ReadHistory(HISTORY);
    private Generation current;
    private final List<Generation> waiting = new ArrayList<>();
    /** Files already warned about, so a leftover is named once, not on every look. */
    private final Set<Object> warned = new LinkedHashSet<>();
    private boolean started;
    private boolean closed;
    /** A look was cut short by renames racing it: look again next time even if the name looks settled. */
    private boolean rescan;
    private long scans;
    private final Consumer<String> warnings;
    /** Runs between listing the siblings and opening them: lets a test script a rename in that window. */
    private Runnable afterListing = () -> { };

    Generations(Path file) {
        this(file, LOG::warn);
    }

    /** @param warnings where the warnings about lost or skipped generations go (a test collects them) */
    Generations(Path file, Consumer<String> warnings) {
        this.file = file;
        this.siblings = new RotatedSiblings(file);
        this.warnings = warnings;
    }

    /** Test seam: {@code hook} runs on every look right after the listing, before anything listed is opened. */
    synchronized void afterListing(Runnable hook) {
        this.afterListing = hook;
    }

    /**
     * Pins the file under the name now, and records the rotated siblings already there as read:
     * they were written before the stream starts. Idempotent.
     */
    synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        long scan = ++scans;
        FileObservation name = FileObservation.ofOrNull(file, scan);
        if (name != null && name.key() != null) {
            pin(name, waiting.size());
        }
        try {
            for (FileObservation s : siblings.list(scan)) {
                if (isOpen(s.key())) {
                    continue; // the name's file, renamed since we looked at the name
                }
                try (FileChannel ch = FileChannel.open(s.path(), StandardOpenOption.READ)) {
                    history.addBaseline(s, ch);
                } catch (IOException e) {
                    LOG.debug("Rotated file {} vanished while starting to tail {}: {}", s.path(), file, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the rotated files beside {} ({}); generations rotated away unseen cannot be recovered", file,
                    e.toString());
        }
    }

    /** How rotated files beside the log are found and ordered. */
    RotatedSiblings siblings() {
        return siblings;
    }

    /** The generation being read, or null before the first one is opened. Streaming thread only. */
    Generation current() {
        return current;
    }

    /** Makes the oldest known generation current; null if there is none yet (the log does not exist). */
    synchronized Generation openFirst() {
        if (closed) {
            return null;
        }
        if (current == null) {
            if (waiting.isEmpty()) {
                discover(false);
            }
            if (!waiting.isEmpty()) {
                current = waiting.remove(0);
            }
        }
        return current;
    }

    /** Whether a newer generation than the current one is waiting. */
    synchronized boolean hasNewer() {
        return !waiting.isEmpty();
    }

    /**
     * Done with the current generation after reading {@code length} bytes of it: remembers it as
     * read and makes the oldest waiting generation current. The finished generation's channel
     * passes to the caller, who closes it (a stream may have to read it again).
     *
     * @throws IllegalStateException if none is waiting
     */
    synchronized Generation advance(long length) {
        if (waiting.isEmpty()) {
            throw new IllegalStateException("no newer generation of " + file + " to advance to");
        }
        Generation done = current;
        if (done != null) {
            try {
                FileObservation seen = done.lastSeen;
                history.add(new FileObservation(seen.path(), done.key, done.channel.size(), seen.modified(), seen.scan()),
                        ReadHistory.fingerprint(done.channel, length), length);
            } catch (IOException e) {
                LOG.debug("Could not fingerprint a finished generation of {}: {}", file, e.toString());
            }
        }
        current = waiting.remove(0);
        return current;
    }

    /**
     * Looks for generations not known yet: at the name, and, if the name does not hold the newest
     * known generation, among the rotated siblings; opens and queues each in age order. Cheap when
     * nothing rotated (one {@code stat}). Never throws; what cannot be opened is logged.
     *
     * @param force list the siblings even if the name holds the newest known generation
     */
    synchronized void discover(boolean force) {
        if (!started || closed) {
            return;
        }
        long scan = ++scans;
        FileObservation name = FileObservation.ofOrNull(file, scan);
        Generation newest = newest();
        if (name != null && (name.key() == null || newest != null && name.key().equals(newest.key))) {
            if (newest != null) {
                newest.lastSeen = name;
            }
            if (!force && !rescan || name.key() == null) {
                return; // nothing rotated since the last look (or no file keys here: nothing to tell files apart by)
            }
        }
        Map<Object, FileObservation> vanished = new LinkedHashMap<>();
        List<FileObservation> listed = List.of();
        boolean raced = true;
        for (int attempt = 0; attempt < ATTEMPTS && raced; attempt++) {
            raced = false;
            if (attempt > 0) {
                scan = ++scans;
                name = FileObservation.ofOrNull(file, scan);
            }
            try {
                listed = siblings.list(scan);
            } catch (IOException e) {
                LOG.warn("Cannot list the rotated files beside {} ({}); a generation rotated away unseen may be lost", file,
                        e.toString());
                listed = List.of();
            }
            refresh(listed);
            afterListing.run();
            for (FileObservation s : listed) {
                if (isOpen(s.key()) || history.unchanged(s)) {
                    continue;
                }
                if (current != null && siblings.olderThan(s, current.lastSeen)) {
                    if (!history.knows(s.key())) {
                        warnOnce(s, "was found only after newer generations had been streamed; it is skipped rather than "
                                + "streamed out of order");
                    }
                    continue;
                }
                Generation g = open(s);
                if (g == null) {
                    raced = true; // renamed again (or deleted) since the listing: list again
                    vanished.put(s.key(), s);
                    continue;
                }
                if (history.knows(s.key()) && sameAsRead(s, g)) {
                    continue;
                }
                insertInAgeOrder(g);
                vanished.remove(s.key());
                LOG.debug("Found {} beside {}: a generation rotated away before it was seen under the name; it is streamed "
                        + "in its turn", s.describe(), file);
            }
            if (name != null && name.key() != null && !isOpen(name.key())) {
                // never checked against the history: a file under the name with a finished generation's
                // key is a new file that got its inode (the name only ever holds the newest generation)
                if (!pin(name, waiting.size())) {
                    raced = true;
                }
            }
        }
        rescan = raced;
        for (FileObservation v : vanished.values()) {
            if (!isOpen(v.key()) && !history.knows(v.key()) && listed.stream().noneMatch(o -> o.key().equals(v.key()))) {
                warnOnce(v, "was deleted before it could be opened; its bytes are lost from the stream (the rotation "
                        + "deletes old files faster than they are streamed)");
            }
        }
    }

    /** Releases every open generation; idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            close(current.channel);
        }
        for (Generation g : waiting) {
            close(g.channel);
        }
        waiting.clear();
    }

    private boolean sameAsRead(FileObservation s, Generation g) {
        try {
            if (history.sameGeneration(s, g.channel)) {
                close(g.channel);
                return true;
            }
            return false; // a new file that reuses a finished generation's inode
        } catch (IOException e) {
            close(g.channel);
            return true; // unreadable now: treat as the finished one rather than risk reading it twice
        }
    }

    /** Opens and queues the file observed at the name; false if it is no longer there. */
    private boolean pin(FileObservation name, int index) {
        Generation g = open(name);
        if (g == null) {
            return false;
        }
        waiting.add(index, g);
        LOG.debug("New generation of {} appeared; pinned it until the older ones are drained", file);
        return true;
    }

    /** Opens the observed file by path and checks it is still the observed one; null if not (or unreadable). */
    private Generation open(FileObservation o) {
        FileChannel ch;
        try {
            ch = FileChannel.open(o.path(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            warnOnce(o, "cannot be opened (" + e + "); its bytes cannot be streamed");
            return null;
        }
        FileObservation again = FileObservation.ofOrNull(o.path(), o.scan());
        if (again == null || !o.key().equals(again.key())) {
            close(ch);
            return null;
        }
        return new Generation(ch, o.key(), again);
    }

    private void insertInAgeOrder(Generation g) {
        int i = 0;
        while (i < waiting.size() && !siblings.olderThan(g.lastSeen, waiting.get(i).lastSeen)) {
            i++;
        }
        waiting.add(i, g);
    }

    /** Brings what is known of the open generations up to date with a listing. */
    private void refresh(List<FileObservation> listed) {
        for (FileObservation o : listed) {
            if (current != null && o.key().equals(current.key)) {
                current.lastSeen = o;
            }
            for (Generation g : waiting) {
                if (o.key().equals(g.key)) {
                    g.lastSeen = o;
                }
            }
        }
    }

    private Generation newest() {
        return waiting.isEmpty() ? current : waiting.get(waiting.size() - 1);
    }

    private boolean isOpen(Object key) {
        if (current != null && current.key.equals(key)) {
            return true;
        }
        for (Generation g : waiting) {
            if (g.key.equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void warnOnce(FileObservation o, String what) {
        if (warned.add(o.key())) {
            warnings.accept("Rotated log file " + o.describe() + " beside " + file + " " + what + ".");
            if (warned.size() > WARNED) {
                warned.remove(warned.iterator().next());
            }
        }
    }

    private void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("Closing a generation of {} failed: {}", file, e.toString());
        }
    }

    /** One opened generation. {@code lastSeen} is guarded by the enclosing {@link Generations}. */
    static final class Generation {
        final FileChannel channel;
        final Object key;
        FileObservation lastSeen;

        Generation(FileChannel channel, Object key, FileObservation lastSeen) {
            this.channel = channel;
            this.key = key;
            this.lastSeen = lastSeen;
        }
    }
}
