package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.Signal;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.testing.FakeTime;
import io.jobtail.streaming.testing.GrowingLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver that restarted asks for its bytes again from where it holds them, which may be
 * several rotations behind what the tailer has read. The stream must go back into the rotated
 * generations, in the job's process (kept open) and in a later process (found again through the
 * cursor), and must refuse, never splice, where it cannot place the bytes.
 */
class ResumeAcrossRotationsTest {
    @TempDir
    Path dir;
    final FakeTime time = new FakeTime();
    final Signal stop = new Signal();
    final StreamContext ctx = StreamContext.outgoing("c", "t", Map.of());

    private LogTailProducer producer(GrowingLog log) {
        LogStreamOptions options = LogStreamOptions.builder().ticker(time).sleeper(time)
                .fileWatcher(FileWatcher.polling(time)).chunkSize(16).build();
        return new LogTailProducer(log.file(), options, stop, null, true);
    }

    /** Produces from {@code from}, where the producer must be, to END. */
    private byte[] drainFrom(LogTailProducer p, long from) throws Exception {
        assertEquals(from, p.offset());
        return Produced.rest(p, ctx);
    }

    private static byte[] from(byte[] all, long offset) {
        return Arrays.copyOfRange(all, (int) offset, all.length);
    }

    /**
     * A job's stream over three generations, two rotated away while it read (log.txt.1, log.txt.2)
     * and the one under the name, drained to its end; the producer is left open.
     */
    private LogTailProducer streamThreeGenerations(GrowingLog log) throws Exception {
        log.lines(3);
        LogTailProducer p = producer(log);
        p.produce(ctx);
        log.rotate().lines(4).rotate().lines(2);
        stop.trigger();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(Arrays.copyOf(log.written(), 16));
        all.writeBytes(drainFrom(p, 16));
        assertArrayEquals(log.written(), all.toByteArray(), "the job's stream itself is whole");
        return p;
    }

    @Test
    void theJobsStreamGoesBackIntoGenerationsRotatedAwaySinceTheyWereRead() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        try (LogTailProducer p = streamThreeGenerations(log)) {
            // the receiver restarted holding only the first 20 bytes; both rotated files are then removed,
            // as a short retention would: the open handles still read them
            Files.delete(dir.resolve("log.txt.1"));
            Files.delete(dir.resolve("log.txt.2"));
            p.seek(20);
            assertArrayEquals(from(log.written(), 20), drainFrom(p, 20));
        }
    }

    @Test
    void generationsTheReceiverHoldsAreLetGoAndAResumeBeforeThemIsRefusedWithTheReason() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        try (LogTailProducer p = streamThreeGenerations(log)) {
            long firstGeneration = Files.size(dir.resolve("log.txt.1"));
            p.receiverHolds(firstGeneration + 5);
            p.seek(firstGeneration + 5); // still inside the second generation: kept
            assertArrayEquals(from(log.written(), firstGeneration + 5), drainFrom(p, firstGeneration + 5));
            p.seek(3); // let go, but found again beside the log
            assertArrayEquals(from(log.written(), 3), drainFrom(p, 3));
            p.receiverHolds(firstGeneration + 5);
            p.seek(firstGeneration + 5);
            Files.delete(dir.resolve("log.txt.1"));
            IOException refused = assertThrows(IOException.class, () -> p.seek(3));
            assertTrue(refused.getMessage().contains("cannot resume") && refused.getMessage().contains("at byte 3"),
                    refused.getMessage());
        }
    }

    @Test
    void aLaterProcessResumesInsideARotatedGenerationFromTheFilesBesideTheLog() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        streamThreeGenerations(log).close();
        log.lines(2); // written after the job's stream ended (after END_RUN)
        // the site's process: the receiver holds 10 bytes only (the job's stream failed while the server was away)
        try (LogTailProducer site = producer(log)) {
            site.seek(10);
            assertArrayEquals(from(log.written(), 10), drainFrom(site, 10));
        }
    }

    @Test
    void aLaterProcessFindsRotatedGenerationsUnderNewNames() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        streamThreeGenerations(log).close();
        // a numeric window shifts every rotated file up by one
        Files.move(dir.resolve("log.txt.2"), dir.resolve("log.txt.3"));
        Files.move(dir.resolve("log.txt.1"), dir.resolve("log.txt.2"));
        try (LogTailProducer site = producer(log)) {
            site.seek(7);
            assertArrayEquals(from(log.written(), 7), drainFrom(site, 7));
        }
    }

    @Test
    void aRotatedGenerationReplacedByAnotherFileIsNeverReadInItsPlace() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        streamThreeGenerations(log).close();
        long firstGeneration = Files.size(dir.resolve("log.txt.1"));
        // the first generation's file is rewritten as a new file of the same length
        Path first = dir.resolve("log.txt.1");
        Path other = dir.resolve("other");
        Files.write(other, new byte[(int) firstGeneration]);
        Files.move(other, first, StandardCopyOption.REPLACE_EXISTING);
        try (LogTailProducer site = producer(log)) {
            IOException refused = assertThrows(IOException.class, () -> site.seek(4));
            assertTrue(refused.getMessage().contains("at byte 4"), refused.getMessage());
            site.seek(firstGeneration + 1); // the second generation is still there and checks out
            assertArrayEquals(from(log.written(), firstGeneration + 1), drainFrom(site, firstGeneration + 1));
        }
    }

    @Test
    void generationsRotatedWhileNoStreamerReadArePlacedAfterTheRecordedOne() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        streamThreeGenerations(log).close();
        // rotated twice more while no streamer looked (between two attempts, or after the job's stream ended)
        log.lines(3).rotate().lines(6).rotate().lines(5);
        // distinct last-write times, as rotations seconds apart have: equal times fall back to the name order,
        // in which an all-digit suffix counts down to the newest (the opposite of this log's naming)
        for (int i = 1; i <= 4; i++) {
            Files.setLastModifiedTime(dir.resolve("log.txt." + i), FileTime.fromMillis(1_700_000_000_000L + i * 1_000L));
        }
        try (LogTailProducer site = producer(log)) {
            site.seek(30); // inside the first generation: every rotated file is read in its place
            assertArrayEquals(from(log.written(), 30), drainFrom(site, 30));
        }
    }

    @Test
    void aFileTheCursorCannotBePlacedAfterIsNeverResumedPastItsStart() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        streamThreeGenerations(log).close();
        log.rotate().lines(5);
        // the generation the cursor calls current (now log.txt.3) is removed before anyone looks
        Files.delete(dir.resolve("log.txt.3"));
        try (LogTailProducer site = producer(log)) {
            IOException refused = assertThrows(IOException.class, () -> site.seek(30));
            assertTrue(refused.getMessage().contains("refusing rather than splicing"), refused.getMessage());
            site.seek(0); // a receiver that holds nothing gets this file as the stream's start
            assertArrayEquals(Files.readAllBytes(log.file()), drainFrom(site, 0));
        }
    }

    @Test
    void theCursorRemembersTheRecentGenerationsAndSurvivesARoundTrip() throws Exception {
        Path file = dir.resolve("log.txt");
        TailCursor cursor = TailCursor.start(0, "(dev=1,ino=2)");
        for (int i = 0; i < TailCursor.KEEP + 3; i++) {
            cursor = cursor.rotated(10, new byte[] {(byte) i, 'x'}, "(dev=1,ino=" + (i + 3) + ")");
        }
        cursor.write(file);
        TailCursor read = TailCursor.read(file);
        List<TailCursor.Entry> g = read.generations();
        assertEquals(TailCursor.KEEP, g.size());
        assertEquals(10L * (TailCursor.KEEP + 3), read.current().base());
        assertEquals("(dev=1,ino=" + (TailCursor.KEEP + 5) + ")", read.current().fileKey());
        assertEquals(-1, read.current().length());
        for (int i = 1; i < g.size(); i++) {
            assertEquals(g.get(i - 1).end(), g.get(i).base(), "contiguous");
        }
        assertArrayEquals(new byte[] {(byte) (TailCursor.KEEP + 2), 'x'}, g.get(g.size() - 2).head());
    }
}
