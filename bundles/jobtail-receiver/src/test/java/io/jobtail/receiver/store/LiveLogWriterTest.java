package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static io.jobtail.receiver.store.TestLogs.append;
import static io.jobtail.receiver.store.TestLogs.appendRange;
import static io.jobtail.receiver.store.TestLogs.bytes;
import static io.jobtail.receiver.store.TestLogs.data;
import static io.jobtail.receiver.store.TestLogs.source;
import static io.jobtail.receiver.store.TestLogs.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveLogWriterTest {
    @TempDir
    Path root;
    final FakeClock clock = new FakeClock();

    LogStore store() {
        return new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock);
    }

    @Test
    void aNewLogStartsEmptyStreamingAndFollowable() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(StreamMode.LIVE, w.mode());
            assertEquals(0, w.held());
            assertTrue(Files.isRegularFile(TestLogs.dataFile(root)), "the log exists from the open, for tail -f");
            LogState s = state(store());
            assertEquals(LogStatus.STREAMING, s.status());
            assertEquals(0, s.bytes());
            assertEquals(clock.instant(), s.updated());
        }
    }

    @Test
    void appendWritesAtTheHeldOffsetAndReturnsTheNewHeld() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(6, append(w, 0, bytes("hello\n")));
            assertEquals(12, append(w, 6, bytes("world\n")));
            assertEquals(12, w.held());
            assertArrayEquals(bytes("hello\nworld\n"), data(root), "bytes reach the file on every append");
        }
    }

    @Test
    void aNewStoreOnTheSameRootResumesFromTheLengthOfTheFile() throws Exception {
        byte[] src = source(1000);
        LogWriter first = store().openLive(JOB, SITE, FILE);
        appendRange(first, src, 0, 400);
        // The server dies: the writer is never ended or closed.

        try (LogWriter resumed = store().openLive(JOB, SITE, FILE)) {
            assertEquals(400, resumed.held());
            appendRange(resumed, src, 300, 1000);
            resumed.complete();
        }
        assertArrayEquals(src, data(root));
        assertEquals(1000, state(store()).bytes());
        first.close();
    }

    @Test
    void theFileIsTheTruthWhenTheStateLagsBehindIt() throws Exception {
        byte[] src = source(300);
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            appendRange(w, src, 0, 100);
        }
        // Bytes the state never heard of, as after a crash between a write and a state update.
        Files.write(TestLogs.dataFile(root), Arrays.copyOfRange(src, 100, 300),
                StandardOpenOption.APPEND);

        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(300, w.held());
            assertEquals(300, state(store()).bytes(), "the open records the file's real length");
        }
    }

    @Test
    void aDuplicatePrefixIsDroppedAndTheRestWritten() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abcdef"));
            assertEquals(9, append(w, 3, bytes("defghi")));
            assertArrayEquals(bytes("abcdefghi"), data(root));
        }
    }

    @Test
    void aChunkTheLogAlreadyHoldsIsDroppedWhole() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abcdef"));
            assertEquals(6, append(w, 2, bytes("cd")));
            assertEquals(6, append(w, 0, bytes("abcdef")));
            assertEquals(6, append(w, 6, new byte[0]));
            assertArrayEquals(bytes("abcdef"), data(root));
        }
    }

    @Test
    void aGapIsRefusedWithTheHeldOffsetAndNothingIsWritten() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abc"));
            OffsetGapException gap = assertThrows(OffsetGapException.class, () -> append(w, 5, bytes("fgh")));
            assertEquals(3, gap.held());
            assertEquals(5, gap.offset());
            assertTrue(gap.getMessage().contains("resend from 3"), gap.getMessage());
            assertEquals(3, w.held());
            assertArrayEquals(bytes("abc"), data(root));
        }
    }

    @Test
    void twoLiveWritersOfOneLogStoreTheSameSourceBytesExactlyOnce() throws Exception {
        byte[] src = source(5000);
        LogStore store = store();
        try (LogWriter a = store.openLive(JOB, SITE, FILE); LogWriter b = store.openLive(JOB, SITE, FILE)) {
            Random random = new Random(42);
            int posA = 0;
            int posB = 0;
            while (posA < src.length || posB < src.length) {
                // Each stream sends its own chunks in order; which one goes next is random.
                if (posB >= src.length || (posA < src.length && random.nextBoolean())) {
                    int end = Math.min(src.length, posA + 1 + random.nextInt(300));
                    appendRange(a, src, posA, end);
                    posA = end;
                } else {
                    int end = Math.min(src.length, posB + 1 + random.nextInt(300));
                    appendRange(b, src, posB, end);
                    posB = end;
                }
                assertEquals(a.held(), b.held(), "live writers of one log share what it holds");
            }
            a.complete();
            b.complete();
        }
        assertArrayEquals(src, data(root));
    }

    @Test
    void twoLiveWritersOnTwoThreadsStoreTheSameSourceBytesExactlyOnce() throws Exception {
        byte[] src = source(200_000);
        LogStore store = store();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LogWriter a = store.openLive(JOB, SITE, FILE); LogWriter b = store.openLive(JOB, SITE, FILE)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> streams = new ArrayList<>();
            for (LogWriter w : List.of(a, b)) {
                long seed = streams.size();
                streams.add(threads.submit(() -> {
                    start.await();
                    Random random = new Random(seed);
                    int pos = 0;
                    while (pos < src.length) {
                        int end = Math.min(src.length, pos + 1 + random.nextInt(700));
                        appendRange(w, src, pos, end);
                        pos = end;
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> stream : streams) {
                stream.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertArrayEquals(src, data(root));
    }

    @Test
    void theQuotaKeepsExactlyQuotaBytesAndMarksTheLogCut() throws Exception {
        LogStore store = new LogStore(root, 100, clock);
        byte[] src = source(250);
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            appendRange(w, src, 0, 60);
            QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> appendRange(w, src, 60, 150));
            assertEquals(100, e.held());
            assertEquals(100, e.quota());
            assertEquals(100, w.held());

            LogState s = state(store);
            assertTrue(s.cut());
            assertEquals(100, s.bytes(), "the cut is recorded at once");
            assertTrue(s.reason().contains("quota of 100 bytes"), s.reason());

            assertThrows(QuotaExceededException.class, () -> appendRange(w, src, 100, 250),
                    "every later byte past the quota is refused the same way");
            assertEquals(100, appendRange(w, src, 50, 100), "bytes already held are still just dropped");
            w.end(LogStatus.ERROR, null);
        }
        assertArrayEquals(Arrays.copyOf(src, 100), data(root));
        LogState s = state(store);
        assertEquals(LogStatus.ERROR, s.status());
        assertTrue(s.cut());
        assertTrue(s.reason().contains("quota"), "the cut's reason survives an end without one: " + s.reason());
    }

    @Test
    void aLogCutBeforeARestartStaysCut() throws Exception {
        byte[] src = source(150);
        try (LogWriter w = new LogStore(root, 100, clock).openLive(JOB, SITE, FILE)) {
            assertThrows(QuotaExceededException.class, () -> appendRange(w, src, 0, 150));
        }
        LogStore restarted = new LogStore(root, 100, clock);
        try (LogWriter w = restarted.openLive(JOB, SITE, FILE)) {
            assertEquals(100, w.held());
            assertTrue(state(restarted).cut());
            assertThrows(QuotaExceededException.class, () -> appendRange(w, src, 100, 150));
        }
    }

    @Test
    void theStateFileIsRewrittenAtMostOncePerProgressIntervalWhileAppending() throws Exception {
        Duration interval = LogFile.progressInterval(new LogKey(JOB, SITE, FILE));
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("a"));
            clock.advance(interval.dividedBy(2));
            append(w, 1, bytes("b"));
            clock.advance(interval.dividedBy(2).minusMillis(1));
            append(w, 2, bytes("c"));
            assertEquals(0, bytesInStateFile(), "no state write on every chunk");

            clock.advance(Duration.ofMillis(1));
            append(w, 3, bytes("d"));
            var json = new ObjectMapper().readTree(TestLogs.stateText(root));
            assertEquals(4, json.get("bytes").asLong());
            assertEquals(clock.instant().toString(), json.get("updated").asText());

            clock.advance(interval.minusMillis(1));
            append(w, 4, bytes("e"));
            assertEquals(4, bytesInStateFile());
            clock.advance(interval);
            append(w, 4, bytes("e"));
            assertEquals(4, bytesInStateFile(), "a chunk the log already held is no progress");
            append(w, 5, bytes("f"));
            assertEquals(6, bytesInStateFile());
        }
    }

    @Test
    void logsOpenedTogetherRewriteTheirStatesAtDifferentMoments() {
        Duration shortest = LogFile.PROGRESS_INTERVAL;
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration d = LogFile.progressInterval(new LogKey("job-" + i, SITE, FILE));
            assertTrue(d.compareTo(shortest) >= 0 && d.compareTo(shortest.multipliedBy(2)) < 0, "between one and two intervals: " + d);
            seconds.add(d.toSeconds());
        }
        // 1,000 logs over 30 possible seconds: a storm would put most of them in a few.
        assertEquals(shortest.toSeconds(), seconds.size(), "every second of the spread is used");
        assertEquals(LogFile.progressInterval(new LogKey(JOB, SITE, FILE)), LogFile.progressInterval(new LogKey(JOB, SITE, FILE)),
                "a log's interval is its own, the same each time it opens");
    }

    @Test
    void aStreamingLogsStateHasTheDataFilesLengthBetweenStateWrites() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abc"));
            assertEquals(0, bytesInStateFile(), "the precondition: the state file has not caught up");
            LogState s = state(store());
            assertEquals(LogStatus.STREAMING, s.status());
            assertEquals(3, s.bytes(), "what the log holds, not the state file's stale count");
            w.end(LogStatus.ERROR, "failed");
        }
        // An ended state says what it says: its count was written with the end.
        Files.write(TestLogs.dataFile(root), bytes("x"), StandardOpenOption.APPEND);
        assertEquals(3, state(store()).bytes());
    }

    private long bytesInStateFile() throws IOException {
        return new ObjectMapper().readTree(TestLogs.stateText(root)).get("bytes").asLong();
    }

    @Test
    void everyStatusChangeIsWrittenAtOnce() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abc"));
            w.end(LogStatus.TIMEOUT, "idle for 30 s");
            LogState s = state(store);
            assertEquals(LogStatus.TIMEOUT, s.status());
            assertEquals(3, s.bytes());
            assertEquals("idle for 30 s", s.reason());
        }
        clock.advance(Duration.ofMillis(10));
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            LogState s = state(store);
            assertEquals(LogStatus.STREAMING, s.status(), "opening live resumes the log");
            assertNull(s.reason());
            assertEquals(clock.instant(), s.updated());
            clock.advance(Duration.ofMillis(10));
            append(w, 3, bytes("def"));
            w.complete();
            s = state(store);
            assertEquals(LogStatus.COMPLETE, s.status());
            assertEquals(6, s.bytes());
            assertEquals(clock.instant(), s.updated());
        }
        assertFalse(Files.exists(root.resolve(JOB).resolve(SITE).resolve("." + FILE + ".state.json.tmp")));
    }

    @Test
    void theStateFileIsJsonWithTheDocumentedFields() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abc"));
            w.end(LogStatus.ABORTED, "job aborted");
        }
        var json = new ObjectMapper().readTree(TestLogs.stateText(root));
        assertEquals("ABORTED", json.get("status").asText());
        assertEquals(3, json.get("bytes").asLong());
        assertEquals(clock.instant().toString(), json.get("updated").asText());
        assertEquals("job aborted", json.get("reason").asText());
        assertFalse(json.get("cut").asBoolean());
    }

    @Test
    void theFirstEndWinsAndLaterEndsAreIgnored() throws Exception {
        LogStore store = store();
        LogWriter w = store.openLive(JOB, SITE, FILE);
        w.complete();
        clock.advance(Duration.ofSeconds(5));
        w.end(LogStatus.ERROR, "too late");
        w.complete();
        w.close();
        w.close();
        LogState s = state(store);
        assertEquals(LogStatus.COMPLETE, s.status());
        assertNull(s.reason());
    }

    @Test
    void closingAWriterThatWasNotEndedRecordsItAborted() throws Exception {
        LogStore store = store();
        LogWriter w = store.openLive(JOB, SITE, FILE);
        w.close();
        assertEquals(LogStatus.ABORTED, state(store).status());
        assertEquals(LogStore.CLOSED_BEFORE_END, state(store).reason());
    }

    @Test
    void anEndedWriterRefusesToAppend() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            w.complete();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> append(w, 0, bytes("x")));
            assertTrue(e.getMessage().contains(JOB), e.getMessage());
        }
    }

    @Test
    void aStreamCannotEndAsStreaming() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertThrows(IllegalArgumentException.class, () -> w.end(LogStatus.STREAMING, null));
            assertThrows(NullPointerException.class, () -> w.end(null, null));
        }
    }

    @Test
    void newBytesFromOneWriterAfterAnotherEndedTheLogMarkItStreamingAgain() throws Exception {
        LogStore store = store();
        try (LogWriter a = store.openLive(JOB, SITE, FILE); LogWriter b = store.openLive(JOB, SITE, FILE)) {
            append(a, 0, bytes("abc"));
            a.complete();
            append(b, 0, bytes("abc"));
            assertEquals(LogStatus.COMPLETE, state(store).status(), "duplicates change nothing");
            append(b, 3, bytes("def"));
            assertEquals(LogStatus.STREAMING, state(store).status(), "the log grows again");
            assertEquals(6, state(store).bytes());
            b.complete();
        }
        assertEquals(LogStatus.COMPLETE, state(store).status());
    }

    @Test
    void appendChecksItsArguments() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> append(w, -1, bytes("x")));
            assertTrue(e.getMessage().contains("-1"), e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> w.append(0, new byte[4], 3, 2));
            assertThrows(NullPointerException.class, () -> w.append(0, null, 0, 0));
            assertEquals(0, w.held());
        }
    }

    @Test
    void theStoreChecksItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogStore(root, 0, clock));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LogStore(root, -5, clock));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new LogStore(null, 1, clock));
        assertThrows(NullPointerException.class, () -> new LogStore(root, 1, (Clock) null));
        assertEquals(1L << 30, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG);
        assertEquals(root.toAbsolutePath().normalize(), new LogStore(root).root());
    }

    @Test
    void openChoosesTheWriterByStreamMode() throws Exception {
        LogStore store = store();
        try (LogWriter live = store.open(JOB, SITE, FILE, StreamMode.LIVE, "s1");
                LogWriter snapshot = store.open(JOB, SITE, FILE, StreamMode.SNAPSHOT, "s2")) {
            assertEquals(StreamMode.LIVE, live.mode());
            assertEquals(StreamMode.SNAPSHOT, snapshot.mode());
        }
    }
}
