package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobtail.api.Signal;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.testing.FakeTime;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generations that came and went between two looks of the tailer — renamed away (once or several
 * times), deleted after being opened, reusing a finished generation's inode — are all streamed,
 * each once, in the order written. Every look is scripted: the producer looks only when the test
 * calls it (a polling watcher on a fake clock) or runs the watcher callback it captured.
 */
class RotationRecoveryTest {
    @TempDir
    Path dir;
    final FakeTime time = new FakeTime();
    final Signal stop = new Signal();
    final StreamContext ctx = StreamContext.outgoing("c", "t", Map.of());
    /** Its {@code directoryChanged()} is one directory event, handled on "the watcher's thread". */
    final CapturingFileWatcher watcher = new CapturingFileWatcher(time);

    private LogStreamOptions options() {
        return LogStreamOptions.builder().ticker(time).sleeper(time).fileWatcher(watcher).chunkSize(64).build();
    }

    private LogTailProducer producer(RotatingLog log) {
        return new LogTailProducer(log.file(), options(), stop, null, true);
    }

    private byte[] rest(LogTailProducer p) throws Exception {
        return Produced.rest(p, ctx);
    }

    private byte[] all(LogTailProducer p, byte[] alreadySent) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(alreadySent);
        out.writeBytes(rest(p));
        return out.toByteArray();
    }

    private byte[] produceOne(LogTailProducer p) throws Exception {
        StreamItem item = p.produce(ctx);
        assertEquals(StreamItem.Kind.DATA, item.kind());
        return item.data();
    }

    @Test
    void generationsRotatedAwayBeforeTheFirstReadAreStreamedOldestFirst() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time);
        try (LogTailProducer p = producer(log)) {
            // nobody looks: the log is created, and rotated twice by logback's fixed window
            log.lines(3).rotateFixedWindow(5).lines(2).rotateFixedWindow(5).lines(4);
            stop.trigger();
            assertArrayEquals(log.written(), rest(p));
        }
    }

    @Test
    void generationsRotatedAwayWhileTheSenderIsBusyAreStreamedInTheirTurn() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("app.log"), time).lines(4);
        try (LogTailProducer p = producer(log)) {
            byte[] first = produceOne(p); // ...and then the sender waits for its reply
            for (int i = 0; i < 4; i++) {
                log.lines(3).rotateAscending(5); // each new generation lives and goes unseen
            }
            log.lines(2);
            stop.trigger();
            assertArrayEquals(log.written(), all(p, first));
        }
    }

    @Test
    void aGenerationRenamedTwiceBeforeItWasFirstSeenIsStreamedOnceInItsPlace() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        try (LogTailProducer p = producer(log)) {
            byte[] first = produceOne(p);
            // gen 1 (being read) ends up as .3, gen 2 (never seen) as .2, gen 3 (never seen) as .1
            log.lines(1).rotateFixedWindow(9).lines(3).rotateFixedWindow(9).lines(2).rotateFixedWindow(9).lines(1);
            stop.trigger();
            assertArrayEquals(log.written(), all(p, first));
        }
    }

    @Test
    void generationsSeenAtTheNameAndOnesOnlyFoundBesideItKeepTheirOrder() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        try (LogTailProducer p = producer(log)) {
            byte[] first = produceOne(p);
            log.rotateFixedWindow(9).lines(2);
            watcher.directoryChanged(); // gen 2 pinned at the name on the watcher's thread
            log.rotateFixedWindow(9).lines(3).rotateFixedWindow(9).lines(1); // gen 3 unseen, gen 4 at the name
            watcher.directoryChanged();
            log.rotateFixedWindow(9).lines(2); // gen 5: nobody looks until the sender does
            stop.trigger();
            assertArrayEquals(log.written(), all(p, first));
        }
    }

    @Test
    void withACoarseFileClockTheNamesOrderGenerationsOfEqualTime() throws Exception {
        RotatingLog fixed = new RotatingLog(dir.resolve("a.log"), time).coarseClock().lines(2);
        RotatingLog ascending = new RotatingLog(dir.resolve("b.log"), time).coarseClock().lines(2);
        try (LogTailProducer a = producer(fixed); LogTailProducer b = producer(ascending)) {
            byte[] firstA = produceOne(a);
            byte[] firstB = produceOne(b);
            for (int i = 0; i < 4; i++) {
                fixed.lines(2).rotateFixedWindow(9);
                ascending.lines(2).rotateAscending(9);
            }
            fixed.lines(1);
            ascending.lines(1);
            stop.trigger();
            assertArrayEquals(fixed.written(), all(a, firstA), ".1 is the newest");
            assertArrayEquals(ascending.written(), all(b, firstB), ".r1 is the oldest");
        }
    }

    @Test
    void aGenerationDeletedAfterItWasOpenedIsReadToItsEnd() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(3);
        try (LogTailProducer p = producer(log)) {
            byte[] first = produceOne(p);
            log.lines(5).delete().lines(2); // gen 1 grew, then was deleted; gen 2 pinned by the event
            watcher.directoryChanged();
            log.lines(4).delete(); // gen 2 deleted too, before anyone read it
            watcher.directoryChanged();
            log.lines(1);
            watcher.directoryChanged();
            stop.trigger();
            assertArrayEquals(log.written(), all(p, first));
        }
    }

    @Test
    void aNewFileThatGetsAFinishedGenerationsInodeIsStreamedAsANewGeneration() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        // no cursor file: writing it would take the freed inode before the new generation can
        try (LogTailProducer p = new LogTailProducer(log.file(), options(), stop, null, false)) {
            Object finished = key(log.file());
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            sent.writeBytes(produceOne(p));
            log.delete().lines(1);
            watcher.directoryChanged(); // gen 2 pinned
            while (p.offset() < log.written().length) {
                sent.writeBytes(produceOne(p)); // gen 1 finished and closed: its inode is free
            }
            // gen 3: a new file under the name, again until it gets gen 1's inode (ext4 hands it out at once)
            boolean reused = false;
            for (int i = 0; i < 50 && !reused; i++) {
                Files.deleteIfExists(dir.resolve("probe"));
                Files.createFile(dir.resolve("probe"));
                reused = finished.equals(key(dir.resolve("probe")));
            }
            assumeTrue(reused, "the file system did not reuse the inode");
            Files.delete(dir.resolve("probe"));
            log.rotateFixedWindow(9).lines(3); // gen 2 -> .1, gen 3 written under the name ...
            assumeTrue(finished.equals(key(log.file())), "the file system did not reuse the inode");
            log.rotateFixedWindow(9).lines(2); // ... and renamed away unseen, with gen 1's file key
            stop.trigger();
            assertArrayEquals(log.written(), all(p, sent.toByteArray()));
        }
    }

    @Test
    void rotatedFilesFromBeforeTheStreamStartedAreNeverStreamed() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time);
        log.lines(5).rotateFixedWindow(5).lines(5).rotateFixedWindow(5);
        int before = log.written().length;
        log.lines(2);
        try (LogTailProducer p = producer(log)) {
            log.rotateFixedWindow(5).lines(3).rotateFixedWindow(5).lines(1); // the old ones shift to .3 and .4
            stop.trigger();
            byte[] streamed = rest(p);
            assertArrayEquals(Arrays.copyOfRange(log.written(), before, log.written().length), streamed);
        }
    }

    @Test
    void theCopiesCopytruncateLeavesAreNeverStreamed() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(3);
        try (LogTailProducer p = producer(log)) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            while (p.offset() < log.written().length) {
                sent.writeBytes(produceOne(p));
            }
            log.copyTruncate("1");
            watcher.directoryChanged();
            log.lines(2);
            watcher.directoryChanged();
            stop.trigger();
            byte[] streamed = all(p, sent.toByteArray());
            assertArrayEquals(log.written(), streamed, "everything once, nothing from log.txt.1");
        }
    }

    @Test
    void aTruncationThatIsWrittenPastTheReadPositionBeforeTheNextLookIsStillSeen() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(3);
        try (LogTailProducer p = producer(log)) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            while (p.offset() < log.written().length) {
                sent.writeBytes(produceOne(p));
            }
            long before = log.written().length;
            log.copyTruncate("1").lines(9); // longer than before by the time anyone looks
            assertTrue(Files.size(log.file()) > before);
            stop.trigger();
            assertArrayEquals(log.written(), all(p, sent.toByteArray()), "the new start streamed, not its bytes from " + before);
        }
    }

    @Test
    void aLaterProducerResumesAfterRecoveredGenerationsThroughTheCursor() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        try (LogTailProducer p = producer(log)) {
            byte[] first = produceOne(p);
            log.rotateFixedWindow(9).lines(3).rotateFixedWindow(9).lines(2);
            stop.trigger();
            all(p, first);
        }
        log.lines(3); // written after the live stream ended
        long held = log.written().length - 50;
        Signal again = new Signal();
        again.trigger();
        try (LogTailProducer later = new LogTailProducer(log.file(), options(), again, null, true)) {
            later.seek(held);
            assertArrayEquals(Arrays.copyOfRange(log.written(), (int) held, log.written().length), rest(later));
        }
    }

    /**
     * A scripted storm: random appends, fixed-window rotations, deletions and looks (watcher events,
     * the sender's reads and polls), seeded so a failure replays. No generation is ever deleted
     * before a look (at most three rotations between looks, nine rotated files kept), so the
     * stream must be exactly what was written.
     */
    @Test
    void aSeededStormOfRotationsBetweenLooksLosesAndRepeatsNothing() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            Path sub = Files.createDirectory(dir.resolve("storm" + seed));
            Random random = new Random(seed);
            RotatingLog log = new RotatingLog(sub.resolve("log.txt"), time).lines(1);
            Signal done = new Signal();
            try (LogTailProducer p = new LogTailProducer(log.file(), options(), done, null, true)) {
                ByteArrayOutputStream sent = new ByteArrayOutputStream();
                int rotationsSinceLook = 0;
                for (int step = 0; step < 200; step++) {
                    int action = random.nextInt(10);
                    if (action < 4) {
                        log.lines(1 + random.nextInt(3));
                    } else if (action < 6 && rotationsSinceLook < 3) {
                        log.rotateFixedWindow(9).lines(1);
                        rotationsSinceLook++;
                    } else if (action == 6) {
                        watcher.directoryChanged(); // a generation deleted before anyone opened it is lost: look first
                        log.delete().lines(1);
                        watcher.directoryChanged();
                        rotationsSinceLook = 0;
                    } else if (action == 7) {
                        watcher.directoryChanged();
                        rotationsSinceLook = 0;
                    } else if (action == 8) {
                        p.poll();
                        rotationsSinceLook = 0;
                    } else if (sent.size() < log.written().length) {
                        StreamItem item = p.produce(ctx);
                        assertEquals(sent.size(), item.offset(), "seed " + seed);
                        sent.writeBytes(item.data());
                        rotationsSinceLook = 0;
                    }
                }
                done.trigger();
                assertArrayEquals(log.written(), all(p, sent.toByteArray()), "seed " + seed);
            }
        }
    }

    private static Object key(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }
}
