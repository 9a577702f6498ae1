package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.streaming.StreamMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that died mid-stream leaves logs STREAMING; the next store start records them INTERRUPTED. */
class InterruptedLogsTest {
    @TempDir
    Path root;
    private final FakeClock clock = new FakeClock();

    private LogStore store() {
        return new LogStore(root, 1 << 20, clock);
    }

    /** A writer that is never ended nor closed: what a killed server leaves behind. */
    private void crashWhileStreaming(String file, byte[] held) throws Exception {
        LogWriter w = store().openLive(JOB, SITE, file);
        TestLogs.append(w, 0, held);
    }

    @Test
    void aLogLeftStreamingIsMarkedInterruptedWithTheBytesOnDiskAndResumesWithoutLossOrDuplicate() throws Exception {
        byte[] source = TestLogs.source(5_000);
        crashWhileStreaming(FILE, java.util.Arrays.copyOf(source, 3_000));
        assertEquals(LogStatus.STREAMING, TestLogs.state(store()).status());

        LogStore restarted = store();
        assertEquals(1, restarted.markInterrupted());

        LogState state = TestLogs.state(restarted);
        assertEquals(LogStatus.INTERRUPTED, state.status());
        assertEquals(3_000, state.bytes());
        assertTrue(state.reason().contains("the server stopped while this log was streaming"), state.reason());
        assertTrue(restarted.read(JOB, SITE, FILE, 0, 10).get().complete(), "no writer: readers do not wait on it");

        // The sender comes back, resending from a bit before what is held (as after a lost reply).
        try (LogWriter resumed = restarted.openLive(JOB, SITE, FILE)) {
            assertEquals(3_000, resumed.held());
            assertEquals(LogStatus.STREAMING, TestLogs.state(restarted).status());
            TestLogs.appendRange(resumed, source, 2_500, 5_000);
            resumed.complete();
        }
        assertArrayEquals(source, TestLogs.data(root));
        assertEquals(LogStatus.COMPLETE, TestLogs.state(restarted).status());
        assertEquals(0, store().markInterrupted(), "nothing left to mark");
    }

    @Test
    void endedLogsAndDataWithoutAStateAreLeftAlone() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            TestLogs.append(w, 0, TestLogs.bytes("done\n"));
            w.complete();
        }
        try (LogWriter w = store().openLive(JOB, SITE, "timed-out.txt")) {
            TestLogs.append(w, 0, TestLogs.bytes("half"));
            w.end(LogStatus.TIMEOUT, "idle");
        }
        Path foreign = root.resolve(JOB).resolve(SITE).resolve("foreign.txt");
        Files.writeString(foreign, "not written by the store");
        String completeState = TestLogs.stateText(root);

        assertEquals(0, store().markInterrupted());

        assertEquals(completeState, TestLogs.stateText(root));
        assertEquals(LogStatus.TIMEOUT, store().state(JOB, SITE, "timed-out.txt").get().status());
        assertFalse(Files.exists(foreign.resolveSibling("foreign.txt.state.json")));
    }

    @Test
    void aLogThisStoreIsWritingIsNotMarked() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            TestLogs.append(w, 0, TestLogs.bytes("live\n"));
            assertEquals(0, store.markInterrupted());
            assertEquals(LogStatus.STREAMING, TestLogs.state(store).status());
            TestLogs.append(w, 5, TestLogs.bytes("more\n"));
            w.complete();
        }
        assertEquals("live\nmore\n", new String(TestLogs.data(root)));
    }

    @Test
    void aSnapshotTemporaryLeftByTheCrashIsDeletedAndTheLogKeptAsItWas() throws Exception {
        crashWhileStreaming(FILE, TestLogs.bytes("live part\n"));
        LogWriter snapshot = store().open(JOB, SITE, FILE, StreamMode.SNAPSHOT, "s1");
        TestLogs.append(snapshot, 0, TestLogs.bytes("never installed"));
        assertEquals(1, TestLogs.tree(root.resolve(JOB).resolve(SITE)).stream().filter(p -> p.contains(".snapshot-")).count());

        assertEquals(1, store().markInterrupted());

        assertTrue(TestLogs.tree(root.resolve(JOB).resolve(SITE)).stream().noneMatch(p -> p.contains(".snapshot-")),
                TestLogs.tree(root).toString());
        assertEquals("live part\n", new String(TestLogs.data(root)));
    }

    @Test
    void noStreamEndsAsInterrupted() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.end(LogStatus.INTERRUPTED, "x"));
            assertEquals("a stream cannot end as INTERRUPTED", e.getMessage());
        }
    }

    @Test
    void anEmptyOrMissingRootMarksNothing() throws Exception {
        assertEquals(0, new LogStore(root.resolve("missing")).markInterrupted());
    }
}
