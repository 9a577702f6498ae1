package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.streaming.testing.FakeTime;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The races between listing the rotated files and opening them, and what is warned about. */
class GenerationsTest {
    @TempDir
    Path dir;
    final FakeTime time = new FakeTime();
    final List<String> warnings = new ArrayList<>();

    /** Reads every generation, oldest first, to its end: what a tailer streams. */
    private static byte[] readAll(Generations gens) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Generations.Generation g = gens.openFirst();
        while (true) {
            long position = 0;
            ByteBuffer buf = ByteBuffer.allocate(4096);
            int n;
            while ((n = g.channel.read(buf.clear(), position)) > 0) {
                out.write(buf.array(), 0, n);
                position += n;
            }
            if (!gens.hasNewer()) {
                return out.toByteArray();
            }
            g = gens.advance(position);
        }
    }

    @Test
    void aGenerationDeletedBetweenListingAndOpeningIsWarnedAboutWithItsSize() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("app.log"), time).lines(2);
        try (Generations gens = new Generations(log.file(), warnings::add)) {
            gens.start();
            gens.openFirst();
            log.rotateAscending(5).lines(3).rotateAscending(5).lines(1); // .r2 never seen
            long lostSize = Files.size(log.sibling("r2"));
            gens.afterListing(() -> {
                try {
                    Files.deleteIfExists(log.sibling("r2")); // the window deletes it right after the listing
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            gens.discover(false);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("app.log.r2 (" + lostSize + " bytes"), warnings.get(0));
            assertTrue(warnings.get(0).contains("deleted before it could be opened"), warnings.get(0));
            gens.discover(true);
            assertEquals(1, warnings.size(), "named once, not on every look");
        }
    }

    @Test
    void aGenerationRenamedAgainBetweenListingAndOpeningIsFoundUnderItsNewName() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        try (Generations gens = new Generations(log.file(), warnings::add)) {
            gens.start();
            gens.openFirst();
            log.rotateFixedWindow(9).lines(3).rotateFixedWindow(9).lines(1); // gen 2 unseen at .1
            boolean[] once = {true};
            gens.afterListing(() -> {
                if (once[0]) {
                    once[0] = false;
                    try { // the next rotation starts shifting: .2 -> .3, .1 -> .2
                        Files.move(log.sibling("2"), log.sibling("3"), StandardCopyOption.ATOMIC_MOVE);
                        Files.move(log.sibling("1"), log.sibling("2"), StandardCopyOption.ATOMIC_MOVE);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            gens.discover(false);
            assertTrue(warnings.isEmpty(), warnings.toString());
            assertArrayEquals(log.written(), readAll(gens));
        }
    }

    @Test
    void aRotatedFileOlderThanTheGenerationBeingReadIsSkippedWithAWarning() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        RotatingLog stray = new RotatingLog(dir.resolve("stray"), time).lines(4); // written before gen 2
        try (Generations gens = new Generations(log.file(), warnings::add)) {
            gens.start();
            gens.openFirst();
            log.rotateFixedWindow(9).lines(2);
            gens.discover(false);
            gens.advance(Files.size(log.sibling("1"))); // reading gen 2 now
            Files.move(stray.file(), log.sibling("7")); // appears only now, older than gen 2
            log.rotateFixedWindow(9).lines(1);
            gens.discover(false);
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("log.txt.8") && warnings.get(0).contains("out of order"), warnings.get(0));
            Generations.Generation g = gens.advance(Files.size(log.sibling("1")));
            assertEquals(Files.readAttributes(log.file(), java.nio.file.attribute.BasicFileAttributes.class).fileKey(), g.key,
                    "the stray file was not queued");
            assertFalse(gens.hasNewer());
        }
    }

    @Test
    void finishedGenerationsShiftedToOtherNamesAreNotReadAgain() throws Exception {
        RotatingLog log = new RotatingLog(dir.resolve("log.txt"), time).lines(2);
        try (Generations gens = new Generations(log.file(), warnings::add)) {
            gens.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < 6; i++) {
                log.rotateFixedWindow(4).lines(1 + i);
                gens.discover(false);
            }
            out.writeBytes(readAll(gens));
            log.rotateFixedWindow(4).lines(2);
            gens.discover(false);
            assertTrue(gens.hasNewer());
            Generations.Generation next = gens.advance(0);
            assertFalse(gens.hasNewer(), "only the new file is queued, not the finished ones now at .2-.4");
            ByteBuffer buf = ByteBuffer.allocate(4096);
            out.write(buf.array(), 0, next.channel.read(buf, 0));
            assertArrayEquals(log.written(), out.toByteArray());
            assertTrue(warnings.isEmpty(), warnings.toString());
        }
    }
}
