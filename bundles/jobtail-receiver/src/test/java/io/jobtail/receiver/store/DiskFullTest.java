package io.jobtail.receiver.store;

import static io.jobtail.receiver.store.TestLogs.FILE;
import static io.jobtail.receiver.store.TestLogs.JOB;
import static io.jobtail.receiver.store.TestLogs.SITE;
import static io.jobtail.receiver.store.TestLogs.appendRange;
import static io.jobtail.receiver.store.TestLogs.data;
import static io.jobtail.receiver.store.TestLogs.source;
import static io.jobtail.receiver.store.TestLogs.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes that fail half-way, on a {@link FillingDisk}: the log stays a prefix of the stream and resumes. */
class DiskFullTest {
    @TempDir
    Path root;
    final FakeClock clock = new FakeClock();
    final byte[] src = source(1000);

    @Test
    void aWriteThatFillsTheDiskKeepsTheWrittenPrefixAndHoldsItsLength() throws Exception {
        FillingDisk disk = new FillingDisk(250);
        LogStore store = new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock, disk);
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            appendRange(w, src, 0, 200);
            IOException e = assertThrows(IOException.class, () -> appendRange(w, src, 200, 400));
            assertFalse(e instanceof OffsetGapException || e instanceof QuotaExceededException,
                    "a full disk is a storage error the sender retries, not a gap or a cut");
            assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("250"),
                    e.getMessage());

            assertEquals(250, w.held(), "held is what the file really has");
            assertArrayEquals(Arrays.copyOf(src, 250), data(root), "the file is a prefix of the stream");
            assertThrows(IOException.class, () -> appendRange(w, src, 250, 400), "still full");
            assertEquals(250, w.held());
        }
    }

    @Test
    void appendingFromTheHeldOffsetSucceedsOnceSpaceReturns() throws Exception {
        FillingDisk disk = new FillingDisk(250);
        LogStore store = new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock, disk);
        try (LogWriter w = store.openLive(JOB, SITE, FILE)) {
            appendRange(w, src, 0, 200);
            assertThrows(IOException.class, () -> appendRange(w, src, 200, 400));
            disk.free(10_000);
            // The sender resends the failed chunk: its first 50 bytes are already held.
            assertEquals(400, appendRange(w, src, 200, 400));
            assertEquals(1000, appendRange(w, src, 400, 1000));
            w.complete();
        }
        assertArrayEquals(src, data(root));
        assertEquals(1000, state(store).bytes());
        assertEquals(LogStatus.COMPLETE, state(store).status());
    }

    @Test
    void aWriteThatLosesItsChannelIsRecoveredByReopeningTheFile() throws Exception {
        FillingDisk disk = new FillingDisk(300);
        disk.closeChannelOnFailure();
        LogStore store = new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock, disk);
        try (LogWriter a = store.openLive(JOB, SITE, FILE); LogWriter b = store.openLive(JOB, SITE, FILE)) {
            appendRange(a, src, 0, 200);
            assertThrows(IOException.class, () -> appendRange(a, src, 200, 500));
            assertEquals(300, a.held(), "read back from the file when the channel is gone");
            assertEquals(300, b.held());
            disk.free(10_000);
            // The other stream of the same log does not inherit the closed channel.
            assertEquals(1000, appendRange(b, src, (int) a.held(), 1000));
            a.complete();
        }
        assertArrayEquals(src, data(root));
    }

    @Test
    void aSnapshotOnAFullDiskResumesFromWhatItsFileHolds() throws Exception {
        FillingDisk disk = new FillingDisk(100);
        LogStore store = new LogStore(root, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG, clock, disk);
        try (LogWriter w = store.openSnapshot(JOB, SITE, FILE, "s")) {
            assertThrows(IOException.class, () -> appendRange(w, src, 0, 300));
            assertEquals(100, w.held());
            disk.free(10_000);
            assertEquals(1000, appendRange(w, src, 0, 1000));
            w.complete();
        }
        assertArrayEquals(src, data(root));
    }
}
