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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.streaming.StreamMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLogWriterTest {
    @TempDir
    Path root;
    final FakeClock clock = new FakeClock();

    LogStore store() {
        return new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock);
    }

    /** Leaves a COMPLETE log holding {@code text}. */
    private LogState existingLog(LogStore store, String text) throws IOException {
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            append(w, 0, bytes(text));
            w.complete();
        }
        return state(store);
    }

    private Path siteDir() {
        return root.resolve(JOB).resolve(SITE);
    }

    private List<String> siteDirEntries() {
        return TestLogs.tree(siteDir());
    }

    @Test
    void aSnapshotReplacesTheLogOnlyWhenItCompletes() throws Exception {
        LogStore store = store();
        LogState before = existingLog(store, "old log\n");
        clock.advance(Duration.ofSeconds(3));

        try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "stream-7")) {
            assertEquals(StreamMode.SNAPSHOT, w.mode());
            assertEquals(0, w.held(), "a snapshot starts from zero whatever the log holds");
            assertEquals(14, append(w, 0, bytes("the whole log\n")));
            assertArrayEquals(bytes("old log\n"), data(root), "until complete the old log stays");
            assertEquals(before, state(store));
            assertEquals(List.of(FILE), store.files(JOB, SITE), "the temporary file is never listed");

            w.complete();
        }
        assertArrayEquals(bytes("the whole log\n"), data(root));
        LogState after = state(store);
        assertEquals(LogStatus.COMPLETE, after.status());
        assertEquals(14, after.bytes());
        assertEquals(clock.instant(), after.updated());
        assertEquals(List.of(FILE, FILE + ".state.json"), siteDirEntries(), "no temporary file is left");
    }

    @Test
    void aSnapshotOfALogThatDoesNotExistYetCreatesIt() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s")) {
            assertTrue(store.state(JOB, SITE, FILE).isEmpty(), "an unfinished snapshot is no log yet");
            append(w, 0, bytes("abc"));
            w.complete();
        }
        assertArrayEquals(bytes("abc"), data(root));
        assertEquals(LogStatus.COMPLETE, state(store).status());
    }

    @Test
    void aSnapshotEndedAnyOtherWayLeavesTheOldLogAndStateUntouchedAndItsTempFileGone() throws Exception {
        for (LogStatus end : List.of(LogStatus.ABORTED, LogStatus.TIMEOUT, LogStatus.ERROR)) {
            LogStore store = store();
            LogState before = existingLog(store, "old log\n");
            String stateText = TestLogs.stateText(root);
            clock.advance(Duration.ofSeconds(1));
            try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s")) {
                append(w, 0, bytes("half a new"));
                assertEquals(3, siteDirEntries().size(), "the temporary file sits beside the log");
                w.end(end, "why not");
                w.complete();
            }
            assertArrayEquals(bytes("old log\n"), data(root), end.name());
            assertEquals(before, state(store), end.name());
            assertEquals(stateText, TestLogs.stateText(root), end.name());
            assertEquals(List.of(FILE, FILE + ".state.json"), siteDirEntries(), end.name());
        }
    }

    @Test
    void aSnapshotClosedWithoutCompletingIsDiscarded() throws Exception {
        LogStore store = store();
        LogState before = existingLog(store, "old log\n");
        LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s");
        append(w, 0, bytes("new"));
        w.close();
        w.close();
        assertArrayEquals(bytes("old log\n"), data(root));
        assertEquals(before, state(store));
        assertEquals(List.of(FILE, FILE + ".state.json"), siteDirEntries());
        assertThrows(IllegalStateException.class, () -> append(w, 3, bytes("more")));
    }

    @Test
    void aLiveWriterAppendingAfterASnapshotSeesItsLengthAndDropsItsDuplicates() throws Exception {
        byte[] src = source(3000);
        LogStore store = store();
        try (LogWriter live = store.openLive(JOB, SITE, FILE)) {
            appendRange(live, src, 0, 1000);
            try (LogWriter snapshot = store.openSnapshot(JOB, SITE, FILE, "error-log-upload")) {
                appendRange(snapshot, src, 0, 2000);
                appendRange(live, src, 1000, 1200);
                snapshot.complete();
            }
            assertArrayEquals(Arrays.copyOf(src, 2000), data(root));
            assertEquals(2000, live.held(), "the live writer holds what the snapshot put in place");

            assertEquals(2000, appendRange(live, src, 1200, 1800), "bytes the snapshot brought are dropped");
            assertEquals(3000, appendRange(live, src, 1800, 3000));
            live.complete();
        }
        assertArrayEquals(src, data(root));
        assertEquals(3000, state(store).bytes());
    }

    @Test
    void aSnapshotPastTheQuotaIsInstalledCut() throws Exception {
        LogStore store = new LogStore(root, 10, clock);
        try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s")) {
            QuotaExceededException e = assertThrows(QuotaExceededException.class,
                    () -> append(w, 0, bytes("0123456789abc")));
            assertEquals(10, e.held());
            assertEquals(10, w.held());
            w.complete();
        }
        assertArrayEquals(bytes("0123456789"), data(root));
        LogState s = state(store);
        assertEquals(LogStatus.COMPLETE, s.status());
        assertTrue(s.cut());
        assertTrue(s.reason().contains("quota"), s.reason());
    }

    @Test
    void aSnapshotRefusesAGap() throws Exception {
        try (LogWriter w = store().openSnapshot(JOB, SITE, FILE, "s")) {
            append(w, 0, bytes("abc"));
            OffsetGapException e = assertThrows(OffsetGapException.class, () -> append(w, 4, bytes("e")));
            assertEquals(3, e.held());
            assertEquals(3, append(w, 1, bytes("bc")));
        }
    }

    @Test
    void temporaryFilesLeftByACrashAreDeletedWhenTheLogIsOpenedAgain() throws Exception {
        LogStore crashed = store();
        LogWriter abandoned = crashed.openSnapshot(JOB, SITE, FILE, "s");
        append(abandoned, 0, bytes("never finished"));
        // A log whose name starts like this one's temporaries: its temporary must survive.
        String lookalike = FILE + ".snapshot-x";
        LogWriter other = crashed.openSnapshot(JOB, SITE, lookalike, "s2");
        assertEquals(2, siteDirEntries().size());

        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(0, w.held(), "the unfinished snapshot left no log");
            List<String> left = siteDirEntries();
            assertEquals(3, left.size(), left.toString());
            assertTrue(left.contains(FILE) && left.contains(FILE + ".state.json"), left.toString());
            assertTrue(left.stream().anyMatch(n -> n.startsWith("." + lookalike + ".snapshot-")), left.toString());
        }
        other.close();
        abandoned.close();
        assertFalse(siteDirEntries().stream().anyMatch(n -> n.startsWith(".")), siteDirEntries().toString());
    }

    @Test
    void endingASnapshotAsCompleteIsTheSameAsCompletingIt() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s")) {
            append(w, 0, bytes("abc"));
            w.end(LogStatus.COMPLETE, null);
        }
        assertArrayEquals(bytes("abc"), data(root));
        assertTrue(Files.exists(TestLogs.stateFile(root)));
    }
}
