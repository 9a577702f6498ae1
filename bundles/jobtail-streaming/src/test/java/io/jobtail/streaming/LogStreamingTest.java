package io.jobtail.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.Signal;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.runner.RetryPolicy;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site streams a growing log to a server over the in-memory network, on fake time. */
class LogStreamingTest {
    @TempDir
    Path dir;

    /** Runs {@code script} at each sleep of the sender; it returns false once the job is done. */
    private static void script(StreamHarness h, Signal stop, java.util.function.IntPredicate step) {
        AtomicInteger n = new AtomicInteger();
        h.time.onSleep(() -> {
            if (!stop.isTriggered() && !step.test(n.incrementAndGet())) {
                stop.trigger();
            }
        });
    }

    @Test
    void aGrowingLogArrivesByteIdenticalAndTheStreamEndsOk() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(10);
        Signal stop = new Signal();
        script(h, stop, i -> {
            log.lines(i % 3);
            return i < 20;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertEquals(log.written().length, result.offset());
        assertEquals(1, h.received.done().size());
        assertEquals(ReturnCode.OK, h.received.done().get(0).rc());
    }

    @Test
    void rotationByRenameWithUnreadBytesLosesNothing() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(3);
        Signal stop = new Signal();
        script(h, stop, i -> {
            switch (i) {
                case 2:
                    // lines the sender has not read yet, then the rename: they must still arrive
                    log.lines(40).rotate().lines(5);
                    return true;
                case 4:
                    log.lines(7).rotate();
                    return true;
                case 5:
                    log.lines(2);
                    return true;
                default:
                    return i < 8;
            }
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void truncationInPlaceContinuesFromTheNewStart() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(5);
        Signal stop = new Signal();
        script(h, stop, i -> {
            if (i == 2) {
                log.truncate().lines(3);
            }
            return i < 5;
        });

        StreamResult result = h.stream(log.file(), stop);

        // Everything was read before the truncation here, so nothing falls in the copytruncate window.
        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void aFileThatAppearsLateIsStreamedFromItsFirstByte() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt"));
        Signal stop = new Signal();
        script(h, stop, i -> {
            if (i == 6) {
                log.lines(12);
            }
            return i < 10;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void bytesWrittenDuringTheDrainWindowArrive() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(4);
        Signal stop = new Signal();
        stop.trigger(); // the job is already ending: the first empty read starts the drain
        AtomicInteger sleeps = new AtomicInteger();
        h.time.onSleep(() -> {
            if (sleeps.incrementAndGet() == 1) {
                log.lines(3); // written while the sender waits its one last poll interval
            }
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertEquals(2, sleeps.get(), "one drain wait, then new data reset it, then one more");
    }

    @Test
    void failuresInjectedAtRandomLeaveTheCopyByteIdentical() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        h.network.randomFaults(42, 0.2, 0.2);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(20);
        Signal stop = new Signal();
        script(h, stop, i -> {
            log.lines(i % 5);
            if (i % 9 == 0) {
                log.rotate().lines(1);
            }
            return i < 60;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(h.network.requestCount() > 100, "enough traffic for the faults to matter: " + h.network.requestCount());
    }

    @Test
    void lostRepliesDoNotDuplicateBytes() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(30);
        Signal stop = new Signal();
        script(h, stop, i -> {
            h.network.dropRepliesNext(2); // the receiver stores the chunk, the sender never hears
            log.lines(2);
            return i < 10;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void theReceiverLosingItsStateMidStreamResumesWithoutADuplicateByte() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        Duration idle = Duration.ofSeconds(30);
        h.registerReceiver(idle);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(10);
        Signal stop = new Signal();
        script(h, stop, i -> {
            log.lines(3);
            if (i == 3 || i == 6) {
                h.restartServer(idle);
            }
            return i < 9;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void aReceiverThatComesBackHoldingFarLessGetsTheRestFromRotatedGenerations() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        Duration idle = Duration.ofSeconds(30);
        h.registerReceiver(idle);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(10);
        Signal stop = new Signal();
        script(h, stop, i -> {
            log.lines(4).rotate().lines(3);
            if (i == 5) {
                // the sender is four rotations past byte 100 by now
                h.received.keepOnly("site-1", "job-1", "log.txt", 100);
                h.restartServer(idle);
            }
            return i < 8;
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void aReceiverThatRegistersLateStillGetsEveryByte() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(10);
        Signal stop = new Signal();
        AtomicInteger sleeps = new AtomicInteger();
        h.time.onSleep(() -> {
            int i = sleeps.incrementAndGet();
            if (i == 3) {
                h.registerReceiver(Duration.ofSeconds(30)); // after three refused attempts
            }
            if (i > 6) {
                stop.trigger();
            }
        });

        StreamResult result = h.stream(log.file(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void aReceiverThatNeverRegistersEndsTheStreamWithAnErrorAfterTheBudget() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        new GrowingLog(dir.resolve("log.txt")).lines(3);
        Duration budget = Duration.ofSeconds(20);
        long start = h.time.nanos();

        StreamResult result = h.stream(dir.resolve("log.txt"), StreamMode.LIVE,
                h.options().retryPolicy(RetryPolicy.DEFAULT.withBudget(budget)).build(), new Signal());

        assertEquals(ReturnCode.NO_HANDLER, result.returnCode());
        assertTrue(result.detail().contains("gave up"), result.detail());
        long waited = h.time.nanos() - start;
        assertTrue(waited >= budget.toNanos(), "kept trying for the whole budget: " + waited);
        assertTrue(waited < budget.plus(RetryPolicy.DEFAULT.maxBackoff()).plusSeconds(1).toNanos(), "then stopped: " + waited);
        assertTrue(h.network.requestCount() > 5, "retried with backoff: " + h.network.requestCount());
    }

    @Test
    void theFirstOkSwitchesOffBootstrapTolerance() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(2);
        AtomicInteger sleeps = new AtomicInteger();
        h.time.onSleep(() -> {
            if (sleeps.incrementAndGet() == 1) {
                h.serverMessenger.clearHandlers(); // the receiver went away after accepting data
                log.lines(2);
            }
        });

        StreamResult result = h.stream(log.file(), new Signal());

        assertEquals(ReturnCode.NO_HANDLER, result.returnCode());
        assertTrue(result.detail().contains("stopped handling"), result.detail());
        assertEquals(1, sleeps.get(), "no retries once a receiver had answered");
    }

    @Test
    void anAbortedRunEndsTheStreamAsAborted() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        new GrowingLog(dir.resolve("log.txt")).lines(2);
        io.jobtail.api.JobContext ctx = h.jobContext();
        h.time.onSleep(() -> ctx.abortSignal().trigger());

        StreamResult result = LogStreamer.streamLog(ctx, "server", dir.resolve("log.txt"), StreamMode.LIVE,
                java.util.Map.of(), h.options().build(), new Signal());

        assertEquals(ReturnCode.TASK_ABORTED, result.returnCode());
        assertEquals(ReturnCode.TASK_ABORTED, h.received.done().get(0).rc(), "the receiver was told at once");
    }

    @Test
    void aSnapshotReadsTheFileOnceAndEnds() throws Exception {
        StreamHarness h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        GrowingLog log = new GrowingLog(dir.resolve("error_log.txt")).lines(25);
        Signal stop = new Signal();
        stop.trigger();

        StreamResult result = h.stream(log.file(), StreamMode.SNAPSHOT, h.options().build(), stop);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("error_log.txt"));
    }
}
