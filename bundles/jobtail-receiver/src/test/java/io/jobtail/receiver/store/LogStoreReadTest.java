package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static io.jobtail.receiver.store.TestLogs.append;
import static io.jobtail.receiver.store.TestLogs.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreReadTest {
    @TempDir
    Path root;
    final FakeClock clock = new FakeClock();

    LogStore store() {
        return new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock);
    }

    private LogSlice read(LogStore store, long start, int maxBytes) throws Exception {
        return store.read(JOB, SITE, FILE, start, maxBytes).orElseThrow();
    }

    @Test
    void readFromAPositiveStartReturnsTheBytesAndTheNextOffset() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("0123456789"));
            LogSlice slice = read(store, 3, 100);
            assertArrayEquals(bytes("3456789"), slice.data());
            assertEquals(3, slice.start());
            assertEquals(10, slice.next());
            assertEquals(10, slice.size());
            assertFalse(slice.complete(), "a streaming log may still grow");
            assertFalse(slice.done());
        }
    }

    @Test
    void maxBytesBoundsTheSliceAndNextSaysWhereToContinue() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("0123456789"));
            w.complete();
        }
        LogSlice first = read(store, 2, 4);
        assertArrayEquals(bytes("2345"), first.data());
        assertEquals(6, first.next());
        assertTrue(first.complete());
        assertFalse(first.done(), "complete, but this slice does not reach the end");
        LogSlice rest = read(store, first.next(), 100);
        assertArrayEquals(bytes("6789"), rest.data());
        assertTrue(rest.done());
        assertEquals(0, read(store, 0, 0).data().length, "maxBytes 0 asks only for the size");
        assertEquals(10, read(store, 0, 0).size());
    }

    @Test
    void aNegativeStartCountsFromTheEnd() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("0123456789"));
        }
        LogSlice tail = read(store, -4, 100);
        assertArrayEquals(bytes("6789"), tail.data());
        assertEquals(6, tail.start());
        assertEquals(10, tail.next());
        LogSlice all = read(store, -1000, 100);
        assertArrayEquals(bytes("0123456789"), all.data());
        assertEquals(0, all.start());
    }

    @Test
    void aStartPastTheEndReadsNothingFromTheEnd() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("0123456789"));
            LogSlice slice = read(store, 50, 100);
            assertEquals(0, slice.data().length);
            assertEquals(10, slice.start());
            assertEquals(10, slice.next());
        }
    }

    @Test
    void aFollowerSeesNewBytesThenCompletion() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes("abc"));
            LogSlice first = read(store, 0, 100);
            assertFalse(first.done());
            append(w, 3, bytes("def"));
            LogSlice second = read(store, first.next(), 100);
            assertArrayEquals(bytes("def"), second.data());
            assertFalse(second.done());
            w.end(LogStatus.TIMEOUT, "idle");
            LogSlice last = read(store, second.next(), 100);
            assertEquals(0, last.data().length);
            assertTrue(last.complete(), "any end means no more bytes");
            assertTrue(last.done());
        }
    }

    @Test
    void aMissingLogReadsAsEmpty() throws Exception {
        LogStore store = store();
        assertTrue(store.read(JOB, SITE, FILE, 0, 10).isEmpty());
        assertTrue(store.state(JOB, SITE, FILE).isEmpty());
        try (LogWriter other = store.openLive(JOB, SITE, "other.txt")) {
            assertTrue(store.read(JOB, SITE, FILE, 0, 10).isEmpty());
            assertTrue(store.state(JOB, SITE, FILE).isEmpty());
            other.complete();
        }
        assertEquals(List.of(JOB), store.jobs(), "reads create nothing");
    }

    @Test
    void aNegativeMaxBytesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store().read(JOB, SITE, FILE, 0, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void aLogWithoutAReadableStateReadsAsEndedInError() throws Exception {
        Path dir = Files.createDirectories(root.resolve(JOB).resolve(SITE));
        Files.write(dir.resolve(FILE), bytes("put here by hand"));
        Files.writeString(dir.resolve(FILE + ".state.json"), "{\"status\": \"STREAMI");
        LogState s = store().state(JOB, SITE, FILE).orElseThrow();
        assertEquals(LogStatus.ERROR, s.status());
        assertEquals(16, s.bytes());
        assertTrue(s.reason().contains("state"), s.reason());
        assertTrue(read(store(), 0, 100).complete());
    }

    @Test
    void listingsAreSortedAndNeverShowStateOrTemporaryFiles() throws Exception {
        LogStore store = store();
        for (String job : List.of("job-b", "job-a")) {
            for (String site : List.of("site-2", "site-1")) {
                for (String file : List.of("log.txt", "error_log.txt")) {
                    try (LogWriter w = store.openLive(job, site, file)) {
                        append(w, 0, bytes("x"));
                        w.complete();
                    }
                }
            }
        }
        LogWriter unfinished = store.openSnapshot("job-a", "site-1", "log.txt", "s");
        Path siteDir = root.resolve("job-a").resolve("site-1");
        Files.writeString(siteDir.resolve(".hidden"), "not a log");
        Files.createDirectory(siteDir.resolve("a-directory"));
        Files.createDirectory(root.resolve(".not-a-job"));
        Files.writeString(root.resolve("stray-file"), "not a job");

        assertEquals(List.of("job-a", "job-b"), store.jobs());
        assertEquals(List.of("site-1", "site-2"), store.sites("job-a"));
        assertEquals(List.of("error_log.txt", "log.txt"), store.files("job-a", "site-1"));
        assertEquals(List.of(), store.sites("job-unknown"));
        assertEquals(List.of(), store.files("job-a", "site-unknown"));
        unfinished.close();
    }

    @Test
    void anEmptyStoreListsNothing() throws Exception {
        LogStore store = new LogStore(root.resolve("not-yet"), 1, clock);
        assertEquals(List.of(), store.jobs());
        assertFalse(Files.exists(root.resolve("not-yet")));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenStateFile() throws Exception {
        LogStore store = store();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            Future<Integer> reads = reader.submit(() -> {
                int n = 0;
                while (writing.get()) {
                    // Throws if it ever meets a partial file.
                    StateFile.read(TestLogs.stateFile(root)).orElseThrow();
                    n++;
                }
                return n;
            });
            for (int i = 0; i < 500; i++) {
                clock.advance(Duration.ofSeconds(1));
                append(w, i, bytes("x"));
            }
            writing.set(false);
            assertTrue(reads.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            writing.set(false);
            reader.shutdownNow();
        }
    }
}
