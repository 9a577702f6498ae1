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
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path that cuts every request above some size (a proxy's per-connection budget, a link too
 * slow for the request timeout): the stream must shrink its messages until they pass, deliver
 * every byte once and in place, and grow them again when the path allows. Fake time throughout.
 * Without the shrinking these streams never end (OPEN passes the path, so the retry budget is
 * never used up: the stall this guards against), hence the timeout.
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
        path = new CuttingPath(h.siteMessenger);
    }

    /** Fails, before the receiver sees it, every DATA request whose body is larger than {@link #budget}. */
    static final class CuttingPath implements Messenger {
        final Messenger next;
        volatile int budget = Integer.MAX_VALUE;
        volatile ReturnCode failure = ReturnCode.COMMUNICATION_ERROR;
        final List<Integer> delivered = new ArrayList<>();
        int cut;
        /** After this many DATA requests got through, the budget is lifted. */
        int healAfterDeliveries = Integer.MAX_VALUE;

        CuttingPath(Messenger next) {
            this.next = next;
        }

        @Override
        public Message request(Destination destination, Message request, Duration timeout)
                throws MessengerException, InterruptedException {
            if (StreamProtocol.Kind.DATA.name().equals(request.header(StreamProtocol.KIND))) {
                if (delivered.size() >= healAfterDeliveries) {
                    budget = Integer.MAX_VALUE;
                }
                if (request.body().length > budget) {
                    cut++;
                    throw new MessengerException(failure, "test: the path cut a request of " + request.body().length + " bytes");
                }
                synchronized (delivered) {
                    delivered.add(request.body().length);
                }
            }
            return next.request(destination, request, timeout);
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
        StreamRunner engine = new StreamRunner(path, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5));
        JobContext job = JobContext.builder().jobId("job-1").identityName("site-1")
                .processType(ProcessType.CLIENT_JOB).workspace(new Workspace(dir)).engine(engine).build();
        Signal stopped = new Signal();
        stopped.trigger();
        return LogStreamer.streamLog(job, Destination.SERVER_PARENT, log.file(), StreamMode.LIVE, Map.of(),
                h.options().chunkSize(chunkSize).build(), stopped);
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
}
