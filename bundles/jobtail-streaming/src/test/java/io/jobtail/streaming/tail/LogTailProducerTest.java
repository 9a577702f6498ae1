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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailProducerTest {
    @TempDir
    Path dir;
    final FakeTime time = new FakeTime();
    final Signal stop = new Signal();
    final StreamContext ctx = StreamContext.outgoing("c", "t", Map.of());

    private LogStreamOptions.Builder options() {
        return LogStreamOptions.builder().ticker(time).sleeper(time).fileWatcher(FileWatcher.polling(time)).chunkSize(16);
    }

    /** Produces until END, collecting the data; heartbeats are counted. */
    private static byte[] drain(LogTailProducer p, StreamContext ctx, int[] heartbeats) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StreamItem item = p.produce(ctx);
            switch (item.kind()) {
                case DATA:
                    assertEquals(out.size(), item.offset(), "offsets are contiguous");
                    out.writeBytes(item.data());
                    break;
                case HEARTBEAT:
                    heartbeats[0]++;
                    break;
                default:
                    assertEquals(out.size(), item.offset(), "END carries the final length");
                    return out.toByteArray();
            }
        }
    }

    @Test
    void chunksAreAtMostChunkSizeAndCarryTheirOffsets() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(3);
        stop.trigger();
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            StreamItem first = p.produce(ctx);
            assertEquals(16, first.size());
            assertEquals(0, first.offset());
            assertEquals(16, p.produce(ctx).offset());
        }
    }

    @Test
    void eachReadTakesWhatTheFileHoldsUpToAChunkInAPayloadOfExactlyThatSize() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append("0123456789abcdefXYZ".getBytes());
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            StreamItem full = p.produce(ctx);
            assertArrayEquals("0123456789abcdef".getBytes(), full.data()); // the array is the payload: no slack, no copy
            StreamItem rest = p.produce(ctx);
            assertEquals(16, rest.offset());
            assertArrayEquals("XYZ".getBytes(), rest.data());
            log.append("!".getBytes());
            StreamItem later = p.produce(ctx);
            assertEquals(19, later.offset());
            assertArrayEquals("!".getBytes(), later.data());
        }
    }

    @Test
    void aHeartbeatFollowsLivenessIntervalOfSilence() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(new byte[] {'x'});
        try (LogTailProducer p = new LogTailProducer(log.file(), options().livenessInterval(Duration.ofSeconds(10)).build(),
                stop, null, true)) {
            assertEquals(StreamItem.Kind.DATA, p.produce(ctx).kind());
            long before = time.nanos();
            assertEquals(StreamItem.Kind.HEARTBEAT, p.produce(ctx).kind());
            assertEquals(Duration.ofSeconds(10).toNanos(), time.nanos() - before, "exactly one liveness interval later");
        }
    }

    @Test
    void noHeartbeatIsSentWhileStopping() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(1);
        int[] heartbeats = {0};
        time.onSleep(() -> stop.trigger());
        try (LogTailProducer p = new LogTailProducer(log.file(),
                options().livenessInterval(Duration.ofMillis(100)).pollInterval(Duration.ofSeconds(1)).build(), stop, null, true)) {
            assertArrayEquals(log.written(), drain(p, ctx, heartbeats));
        }
        assertEquals(0, heartbeats[0]);
    }

    @Test
    void theStreamEndsOnlyAfterTwoEmptyReadsOnePollIntervalApart() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(1);
        stop.trigger();
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            long start = time.nanos();
            drain(p, ctx, new int[1]);
            assertEquals(LogStreamOptions.DEFAULT_POLL_INTERVAL.toNanos(), time.nanos() - start);
            assertEquals(1, time.sleeps());
        }
    }

    @Test
    void theAbortSignalEndsTheStreamLikeStopAfterDraining() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(2);
        Signal abort = new Signal();
        abort.trigger();
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, abort, true)) {
            assertArrayEquals(log.written(), drain(p, ctx, new int[1]));
        }
    }

    @Test
    void aFileThatIsNeverCreatedEndsEmptyOnStop() throws Exception {
        time.onSleep(() -> stop.trigger());
        try (LogTailProducer p = new LogTailProducer(dir.resolve("never.txt"), options().build(), stop, null, true)) {
            assertEquals(0, drain(p, ctx, new int[1]).length);
        }
    }

    @Test
    void seekingBackResendsFromThatOffset() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(2);
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            p.produce(ctx);
            p.produce(ctx);
            p.seek(5);
            StreamItem again = p.produce(ctx);
            assertEquals(5, again.offset());
            assertEquals(log.written()[5], again.data()[0]);
        }
    }

    @Test
    void seekingIntoARotatedAwayGenerationTheReceiverHeldFailsWithAReason() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(new byte[10]);
        stop.trigger();
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            p.produce(ctx);
            log.rotate().append(new byte[4]);
            while (p.offset() < 14) {
                p.produce(ctx);
            }
            p.receiverHolds(12); // the rotated generation is let go: the receiver said it holds it
            p.produce(ctx);
            Files.delete(dir.resolve("log.txt.1")); // and it cannot be found again beside the log
            IOException e = assertThrows(IOException.class, () -> p.seek(3));
            assertTrue(e.getMessage().contains("rotated-away"), e.getMessage());
        }
    }

    @Test
    void seekingPastWhatTheFileHoldsFailsWithAReason() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(new byte[10]);
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            IOException e = assertThrows(IOException.class, () -> p.seek(50));
            assertTrue(e.getMessage().contains("holds more than this file has"), e.getMessage());
        }
    }

    @Test
    void manyRotationsWhileTheSenderLagsAreAllStreamedInOrder() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(1);
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            p.produce(ctx); // the sender is busy with the first chunk...
            for (int i = 0; i < 5; i++) {
                log.lines(3).rotate().lines(1);
                p.poll(); // ...while it backs off, the engine lets it look
            }
            stop.trigger();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(java.util.Arrays.copyOf(log.written(), 16));
            p.seek(16);
            all.writeBytes(drainFrom(p, 16));
            assertArrayEquals(log.written(), all.toByteArray());
        }
    }

    @Test
    void generationsPinnedOnTheWatchersThreadAreStreamedEvenIfTheSenderNeverLookedInBetween() throws Exception {
        CapturingFileWatcher callingBack = new CapturingFileWatcher(time);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        try (LogTailProducer p = new LogTailProducer(log.file(), options().fileWatcher(callingBack).build(), stop, null, true)) {
            // before the sender's first read, and while it is busy: only the watcher's thread sees each generation
            for (int i = 0; i < 5; i++) {
                log.lines(2);
                callingBack.directoryChanged();
                log.rotate();
            }
            log.lines(1);
            stop.trigger();
            assertArrayEquals(log.written(), drain(p, ctx, new int[1]));
        }
    }

    private byte[] drainFrom(LogTailProducer p, long from) throws Exception {
        assertEquals(from, p.offset());
        return Produced.rest(p, ctx);
    }

    @Test
    void aLaterProducerResumesInTheCurrentGenerationThroughTheCursor() throws Exception {
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(2);
        stop.trigger();
        long firstGeneration = log.written().length;
        try (LogTailProducer p = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            p.produce(ctx);
            log.rotate().lines(3);
            drainFrom(p, 16);
        }
        assertTrue(Files.exists(TailCursor.pathFor(log.file())));
        log.lines(2); // written after the first streamer ended, e.g. after END_RUN
        long held = log.written().length - 40;
        try (LogTailProducer later = new LogTailProducer(log.file(), options().build(), stop, null, true)) {
            later.seek(held);
            byte[] rest = drainFrom(later, held);
            assertArrayEquals(java.util.Arrays.copyOfRange(log.written(), (int) held, log.written().length), rest);
        }
        assertTrue(held > firstGeneration, "the resume point lies in the second generation");
    }
}
