package io.jobtail.streaming.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.StreamHarness;
import io.jobtail.streaming.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path that cuts every request above some size (a proxy's per-connection budget, a link too
 * slow for the request timeout): the stream must shrink its messages until they pass, deliver
 * every byte once and in place, and grow them again when the path allows. A path that cuts DATA
 * of every size while OPEN passes must end the stream after the retry budget, saying why; one
 * that does so only for a while, or that loses replies rather than requests, must not. Fake time
 * throughout. Without the shrinking, or with a retry budget that every OPEN restarts, these
 * streams never end (OPEN passes the path, so the budget is never used up: the stall this guards
 * against), hence the timeouts, in a thread of their own as a stalled stream never looks at
 * interruption.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PartLimitTest {
    @TempDir
    Path dir;
    StreamHarness h;
    CuttingPath path;

    @BeforeEach
    void setUp() {
        h = new StreamHarness(dir);
        h.registerReceiver(Duration.ofSeconds(30));
        path = new CuttingPath(h.siteMessenger, h.time);
    }

    /**
     * Fails, before the receiver sees it, every DATA request whose body is larger than
     * {@link #budget}, or every one while the clock is before {@link #cutEveryDataUntil}; or,
     * with {@link #loseDataReplies}, delivers DATA and fails its reply. Counts the OPENs it passed.
     */
    static final class CuttingPath implements Messenger {
        final Messenger next;
        final Ticker clock;
        volatile int budget = Integer.MAX_VALUE;
        volatile ReturnCode failure = ReturnCode.COMMUNICATION_ERROR;
        final List<Integer> delivered = new ArrayList<>();
        int cut;
        int opens;
        /** After this many DATA requests got through, the budget is lifted. */
        int healAfterDeliveries = Integer.MAX_VALUE;
        /** Until the clock reaches this, every DATA request is cut, whatever its size. */
        long cutEveryDataUntil = Long.MIN_VALUE;
        /** Runs after each DATA request the receiver answered, with how many it has answered. */
        IntConsumer afterDelivery = n -> { };
        boolean loseDataReplies;

        CuttingPath(Messenger next, Ticker clock) {
            this.next = next;
            this.clock = clock;
        }

        @Override
        public Message request(Destination destination, Message request, Duration timeout)
                throws MessengerException, InterruptedException {
            String kind = request.header(StreamProtocol.KIND);
            if (StreamProtocol.Kind.OPEN.name().equals(kind)) {
                opens++;
            }
            if (!StreamProtocol.Kind.DATA.name().equals(kind)) {
                return next.request(destination, request, timeout);
            }
            if (delivered.size() >= healAfterDeliveries) {
                budget = Integer.MAX_VALUE;
            }
            if (request.body().length > budget || clock.nanos() < cutEveryDataUntil) {
                cut++;
                throw new MessengerException(failure, "test: the path cut a request of " + request.body().length + " bytes");
            }
            synchronized (delivered) {
                delivered.add(request.body().length);
            }
            Message reply = next.request(destination, request, timeout);
            afterDelivery.accept(delivered.size());
            if (loseDataReplies) {
                throw new MessengerException(ReturnCode.TIMEOUT, "test: the path lost the reply to a request of "
                        + request.body().length + " bytes");
            }
            return reply;
        }

        @Override
        public void register(String channel, String topic, MessageHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregister(String channel, String topic) {
            throw new UnsupportedOperationException();
        }
    }

    private StreamResult stream(GrowingLog log, int chunkSize) throws InterruptedException {
        return stream(log, h.options().chunkSize(chunkSize).build());
    }

    private StreamResult stream(GrowingLog log, LogStreamOptions options) throws InterruptedException {
        StreamRunner engine = new StreamRunner(path, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5));
        JobContext job = JobContext.builder().jobId("job-1").identityName("site-1")
                .processType(ProcessType.CLIENT_JOB).workspace(new Workspace(dir)).engine(engine).build();
        Signal stopped = new Signal();
        stopped.trigger();
        return LogStreamer.streamLog(job, Destination.SERVER_PARENT, log.file(), StreamMode.LIVE, Map.of(),
                options, stopped);
    }

    @Test
    void messagesShrinkUntilThePathTakesThemAndEveryByteArrivesOnce() throws Exception {
        path.budget = 5_000;
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(new byte[100_000]).lines(500);

        StreamResult result = stream(log, 64 * 1024);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(path.cut > 0, "the path must have cut something, or this test proves nothing");
        assertTrue(path.delivered.stream().allMatch(n -> n <= 5_000));
    }

    @Test
    void aTimeoutInTransitShrinksThemToo() throws Exception {
        path.budget = 20_000;
        path.failure = ReturnCode.TIMEOUT;
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).lines(3_000);

        StreamResult result = stream(log, 64 * 1024);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
    }

    @Test
    void afterThePathHealsMessagesGrowBackToAWholeChunk() throws Exception {
        path.budget = 10_000;
        path.healAfterDeliveries = 3;
        byte[] noise = new byte[1_500_000];
        new Random(3).nextBytes(noise);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(noise);

        StreamResult result = stream(log, 64 * 1024);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(path.cut > 0);
        assertTrue(path.delivered.get(0) <= 10_000, "the first messages were cut down: " + path.delivered.subList(0, 3));
        assertTrue(path.delivered.contains(64 * 1024), "once the path healed the limit must grow back to a whole chunk");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPathThatCutsEveryDataMessageWhileOpenPassesEndsTheStreamAfterTheBudgetSayingWhy() throws Exception {
        path.budget = 0; // every DATA message, whatever its size
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(new byte[100_000]);
        long start = h.time.nanos();

        StreamResult result = stream(log, 64 * 1024);

        long waited = h.time.nanos() - start;
        assertEquals(ReturnCode.COMMUNICATION_ERROR, result.returnCode(), result.detail());
        assertEquals(0, result.offset());
        assertTrue(result.detail().contains("the receiver was reachable (it answered OPEN), but " + path.cut
                + " DATA messages, down to 4096 bytes, kept failing in transit"), result.detail());
        assertTrue(path.opens > 5, "the receiver answered OPEN throughout: " + path.opens);
        assertTrue(waited >= RetryPolicy.DEFAULT.budget().toNanos(), "kept trying for the whole budget: " + waited);
        assertTrue(waited < RetryPolicy.DEFAULT.budget().plus(RetryPolicy.DEFAULT.maxBackoff()).plusSeconds(1).toNanos(),
                "then stopped: " + waited);
        assertTrue(path.cut < 40, "a stalled stream backs off rather than retrying every 100 ms: " + path.cut + " cut");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void stallsShorterThanTheBudgetEachDeliverEveryByteOnceInOrder() throws Exception {
        Duration stall = Duration.ofSeconds(45);
        path.afterDelivery = n -> {
            if (n == 3 || n == 10) {
                path.cutEveryDataUntil = h.time.nanos() + stall.toNanos();
            }
        };
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(noise);
        long start = h.time.nanos();

        StreamResult result = stream(log, 16 * 1024);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertEquals(log.written().length, path.delivered.stream().mapToInt(Integer::intValue).sum(),
                "no byte crossed the path twice: " + path.delivered);
        assertTrue(path.cut > 4, "both stalls cut DATA: " + path.cut);
        assertTrue(h.time.nanos() - start > RetryPolicy.DEFAULT.budget().toNanos(),
                "the stalls together outlast one budget, so it must restart when DATA gets through again");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPathThatLosesEveryDataReplyStillDeliversEverythingAsOpenShowsTheBytesArrived() throws Exception {
        path.loseDataReplies = true;
        byte[] noise = new byte[100_000];
        new Random(11).nextBytes(noise);
        GrowingLog log = new GrowingLog(dir.resolve("log.txt")).append(noise);
        Duration budget = Duration.ofSeconds(2);
        long start = h.time.nanos();

        StreamResult result = stream(log, h.options().chunkSize(16 * 1024)
                .retryPolicy(RetryPolicy.DEFAULT.withBudget(budget)).build());

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(log.written(), h.receivedBytes("log.txt"));
        assertTrue(h.time.nanos() - start > budget.toNanos(), "the stream outlasted one budget, so progress restarted it");
    }
}
