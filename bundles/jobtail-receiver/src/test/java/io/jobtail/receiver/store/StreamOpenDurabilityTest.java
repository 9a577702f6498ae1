package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static io.jobtail.receiver.store.TestLogs.appendRange;
import static io.jobtail.receiver.store.TestLogs.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a live stream forces its state only where a power loss that drops or tears the
 * unforced state would leave something worse, and what such a loss leaves is recovered by
 * {@link LogStore#markInterrupted()}. A "crash" here is a writer never closed; a power loss is
 * played by putting back the state file a lost write would have left, or a torn one.
 */
class StreamOpenDurabilityTest {
    private static final long QUOTA = 1 << 20;

    @TempDir
    Path root;
    private final FakeClock clock = new FakeClock();
    private final ForceCountingDisk disk = new ForceCountingDisk();
    private final byte[] src = TestLogs.source(6_000);

    private LogStore store() {
        return new LogStore(root, QUOTA, clock, disk);
    }

    /** A writer of {@code src[0, to)} that is never ended nor closed: what a killed server leaves. */
    private void crashWhileStreaming(int from, int to) throws Exception {
        LogWriter w = store().openLive(JOB, SITE, FILE);
        assertEquals(from, w.held());
        appendRange(w, src, from, to);
    }

    /** The sender comes back: the log holds {@code held}, it resends from {@code resendFrom} to the end and completes. */
    private void resumeToTheEnd(long held, int resendFrom) throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(held, w.held());
            appendRange(w, src, resendFrom, src.length);
            w.complete();
        }
        assertArrayEquals(src, TestLogs.data(root), "no byte lost or duplicated");
    }

    @Test
    void openingANewLogForcesNothingAndReadersSeeItStreaming() throws Exception {
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(0, disk.stateForces());
            assertEquals(LogStatus.STREAMING, state(store()).status());
            assertFalse(store().read(JOB, SITE, FILE, 0, 10).orElseThrow().complete());
            appendRange(w, src, 0, 100);
            w.complete();
        }
        assertEquals(1, disk.stateForces(), "the end is forced");
        assertEquals(1, disk.dataForces(), "and the bytes before it");
    }

    @Test
    void aSecondStreamOfALogBeingWrittenForcesNothing() throws Exception {
        LogStore store = store();
        try (LogWriter a = store.openLive(JOB, SITE, FILE)) {
            appendRange(a, src, 0, 100);
            try (LogWriter b = store.openLive(JOB, SITE, FILE)) {
                assertEquals(100, b.held());
                assertEquals(0, disk.stateForces());
                appendRange(b, src, 100, 200);
                b.complete();
            }
        }
        assertArrayEquals(Arrays.copyOf(src, 200), TestLogs.data(root));
    }

    @Test
    void resumingAnInterruptedLogForcesNothing() throws Exception {
        crashWhileStreaming(0, 3_000);
        assertEquals(1, store().markInterrupted());
        int forcedByMarking = disk.stateForces();
        assertEquals(1, forcedByMarking, "INTERRUPTED is an end: forced");

        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(forcedByMarking, disk.stateForces(), "the open of an INTERRUPTED log of the same length");
            assertEquals(LogStatus.STREAMING, state(store()).status());
            assertEquals(3_000, w.held());
            appendRange(w, src, 3_000, 6_000);
            w.complete();
        }
        assertArrayEquals(src, TestLogs.data(root));
    }

    @Test
    void reopeningALogThatEndedForcesItsStreamingState() throws Exception {
        for (LogStatus end : new LogStatus[] {LogStatus.COMPLETE, LogStatus.TIMEOUT, LogStatus.ABORTED, LogStatus.ERROR}) {
            try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
                w.end(end, "test");
            }
            int before = disk.stateForces();
            try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
                assertEquals(before + 1, disk.stateForces(), "reopening a log that says " + end);
                w.complete();
            }
        }
    }

    @Test
    void anOpenIsForcedWhereALostStateCouldNotBeRepaired() throws Exception {
        // Data without a state (reads as ERROR): forced, as before.
        Path dir = Files.createDirectories(root.resolve(JOB).resolve(SITE));
        Files.write(dir.resolve("foreign.txt"), TestLogs.bytes("by hand"));
        try (LogWriter w = store().openLive(JOB, SITE, "foreign.txt")) {
            assertEquals(1, disk.stateForces(), "data without a state");
        }
        // INTERRUPTED with a length the data file no longer has.
        crashWhileStreaming(0, 100);
        store().markInterrupted();
        Files.write(TestLogs.dataFile(root), Arrays.copyOfRange(src, 100, 150), java.nio.file.StandardOpenOption.APPEND);
        int before = disk.stateForces();
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(before + 1, disk.stateForces(), "INTERRUPTED at 100 bytes over a file of 150");
            assertEquals(150, w.held());
        }
        // An unreadable state.
        Files.writeString(TestLogs.stateFile(root), "{\"sta");
        before = disk.stateForces();
        try (LogWriter w = store().openLive(JOB, SITE, FILE)) {
            assertEquals(before + 1, disk.stateForces(), "an unreadable state");
        }
    }

    @Test
    void aResumedStreamWhoseUnforcedStateWasLostIsRecordedInterruptedWithItsRealLength() throws Exception {
        crashWhileStreaming(0, 2_000);
        store().markInterrupted();
        byte[] interruptedState = Files.readAllBytes(TestLogs.stateFile(root));
        crashWhileStreaming(2_000, 4_000);
        // The power went: the unforced STREAMING state never reached the disk, the appends did.
        Files.write(TestLogs.stateFile(root), interruptedState);

        assertEquals(1, store().markInterrupted());
        LogState s = state(store());
        assertEquals(LogStatus.INTERRUPTED, s.status());
        assertEquals(4_000, s.bytes(), "the data file's length, not the stale 2,000");
        assertEquals(0, store().markInterrupted(), "nothing left to mark");

        resumeToTheEnd(4_000, 3_500);
    }

    @Test
    void aStateTornByAPowerLossIsRecordedInterruptedWithTheBytesOnDisk() throws Exception {
        crashWhileStreaming(0, 2_500);
        // The rename survived, its bytes did not: an empty file, or a block of zeros.
        for (byte[] torn : new byte[][] {new byte[0], new byte[64]}) {
            Files.write(TestLogs.stateFile(root), torn);
            assertEquals(LogStatus.ERROR, state(store()).status(), "unreadable: reads as ended in error");

            assertEquals(1, store().markInterrupted());
            LogState s = state(store());
            assertEquals(LogStatus.INTERRUPTED, s.status());
            assertEquals(2_500, s.bytes());
            assertFalse(s.cut());
            assertTrue(store().read(JOB, SITE, FILE, 0, 1).orElseThrow().complete());
        }
        resumeToTheEnd(2_500, 2_500);
    }

    @Test
    void aTornStateOfALogAtTheQuotaIsRecordedCut() throws Exception {
        LogStore small = new LogStore(root, 1_000, clock, disk);
        LogWriter crashed = small.openLive(JOB, SITE, FILE);
        try {
            appendRange(crashed, src, 0, 1_500);
        } catch (QuotaExceededException expected) {
            // the log is cut at 1,000 bytes
        }
        Files.write(TestLogs.stateFile(root), new byte[0]);

        LogStore restarted = new LogStore(root, 1_000, clock, disk);
        assertEquals(1, restarted.markInterrupted());
        LogState s = state(restarted);
        assertEquals(LogStatus.INTERRUPTED, s.status());
        assertEquals(1_000, s.bytes());
        assertTrue(s.cut(), "a log at the quota was cut");
    }

    @Test
    void aTornStateOfALogThisStoreIsWritingIsLeftToItsWriter() throws Exception {
        LogStore store = store();
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            appendRange(w, src, 0, 100);
            Files.write(TestLogs.stateFile(root), new byte[0]);
            assertEquals(0, store.markInterrupted());
            w.complete();
        }
        assertEquals(LogStatus.COMPLETE, state(store).status());
    }
}
