package io.jobtail.streaming.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several DATA messages of one stream in flight: a sender with a pipelined read-ahead over a
 * messenger that delivers each group of concurrent DATA requests to the receiver in reverse order
 * (so the receiver sees chunks ahead of what it holds), losing replies or restarting the receiver
 * on request. Every test checks the receiver's copy byte for byte; the receiver's log handler
 * also fails on any chunk stored out of place. Fake time for the engine; the only real waits are
 * the messenger's bounded gathering of concurrent requests.
 */
@Timeout(60)
class PipeliningTest {
    private static final int CHUNK = 100;
    private static final int BATCH = 300;
    private static final Duration IDLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    StreamHarness h;
    ReversingMessenger net;
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        h = new StreamHarness(dir);
        h.registerReceiver(IDLE);
        net = new ReversingMessenger(h.siteMessenger, 4);
    }

    private StreamRunner sender(int maxInFlight) {
        return new StreamRunner(net, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5), new ReadAhead(r -> {
            Thread t = new Thread(r, "test-pipeline");
            t.setDaemon(true);
            threads.add(t);
            return t;
        }, BATCH, maxInFlight));
    }

    private StreamResult stream(StreamRunner engine, ObjectProducer source) throws InterruptedException {
        JobContext job = JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(dir)).engine(engine).build();
        StreamContext ctx = StreamContext.outgoing(LogStreamer.CHANNEL, LogStreamer.TOPIC,
                Map.of(StreamContext.FILE_NAME, "log.txt", StreamContext.MODE, StreamMode.LIVE.name()));
        return engine.streamObjects(LogStreamer.CHANNEL, LogStreamer.TOPIC, ctx, Destination.SERVER_PARENT, source, job);
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void chunksThatOvertakeEachOtherAreStoredInOrderEachByteOnce() throws Exception {
        byte[] data = content(20_000);
        BytesSource source = new BytesSource(data, CHUNK);

        StreamResult result = stream(sender(4), source);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
        assertTrue(net.parkedReplies.get() > 0, "some chunk arrived ahead of what the receiver held");
        assertTrue(net.maxConcurrent.get() > 1 && net.maxConcurrent.get() <= 4,
                "between 2 and 4 DATA messages in flight at once, saw " + net.maxConcurrent.get());
        assertEquals(data.length, source.lastHeld(), "the producer learns what the receiver holds");
        assertTrue(source.reportedHeld.stream().allMatch(v -> v <= data.length), "never more than the receiver can hold");
        assertEquals(0, h.server.reorder().used(), "nothing stays parked");
    }

    @Test
    void oneInFlightIsStopAndWait() throws Exception {
        byte[] data = content(5_000);

        StreamResult result = stream(sender(1), new BytesSource(data, CHUNK));

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
        assertEquals(1, net.maxConcurrent.get());
        assertEquals(0, net.parkedReplies.get());
    }

    @Test
    void lostRepliesWithSeveralInFlightResendFromWhatIsHeld() throws Exception {
        byte[] data = content(20_000);
        net.dropRepliesOf(Set.of(2, 3, 7, 12, 13, 14, 30));

        StreamResult result = stream(sender(4), new BytesSource(data, CHUNK));

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
        assertTrue(net.dropped.get() >= 7, "the replies were lost: " + net.dropped.get());
    }

    @Test
    void aReceiverRestartWithSeveralInFlightLosesNothing() throws Exception {
        byte[] data = content(20_000);
        net.afterDelivery(n -> {
            if (n == 10 || n == 25) {
                h.restartServer(IDLE);
            }
        });

        StreamResult result = stream(sender(4), new BytesSource(data, CHUNK));

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
    }

    @Test
    void aReceiverThatComesBackHoldingLessThanItAcknowledgedGetsTheRestAgain() throws Exception {
        byte[] data = content(20_000);
        BytesSource source = new BytesSource(data, CHUNK);
        AtomicInteger heldAtLoss = new AtomicInteger(-1);
        net.afterDelivery(n -> {
            if (n == 20) {
                byte[] now = h.receivedBytes("log.txt");
                heldAtLoss.set(now.length);
                h.received.keepOnly("site-1", "job-1", "log.txt", now.length / 3);
                h.restartServer(IDLE);
            }
        });

        StreamResult result = stream(sender(4), source);

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
        assertTrue(heldAtLoss.get() > 0, "the loss happened mid-stream");
        assertTrue(source.reportedHeld.contains((long) heldAtLoss.get() / 3),
                "the producer was told the receiver came back with less: " + source.reportedHeld);
    }

    @Test
    void aReceiverWithoutRoomToParkRefusesAndTheSenderStillDeliversEverything() throws Exception {
        h.server = new StreamRunner(h.serverMessenger, h.time, h.time, RetryPolicy.DEFAULT, Duration.ofSeconds(5), null,
                new ReorderBudget(BATCH, BATCH));
        h.registerReceiver(IDLE);
        byte[] data = content(20_000);

        StreamResult result = stream(sender(4), new BytesSource(data, CHUNK));

        assertEquals(ReturnCode.OK, result.returnCode(), result.detail());
        assertArrayEquals(data, h.receivedBytes("log.txt"));
        assertTrue(net.mismatches.get() > 0, "some chunk found no room and was refused");
        assertEquals(0, h.server.reorder().used());
    }

    /** A producer over a byte array: DATA of {@code chunk} bytes, then END; records what it is told the receiver holds. */
    static final class BytesSource implements ObjectProducer, ReceiverProgressListener {
        private final byte[] data;
        private final int chunk;
        private long offset;
        final List<Long> reportedHeld = new CopyOnWriteArrayList<>();

        BytesSource(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public synchronized StreamItem produce(StreamContext ctx) {
            if (offset >= data.length) {
                return StreamItem.end(data.length);
            }
            int n = (int) Math.min(chunk, data.length - offset);
            StreamItem item = StreamItem.data(offset, java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + n));
            offset += n;
            return item;
        }

        @Override
        public synchronized void seek(long to) {
            offset = to;
        }

        @Override
        public void poll() {
        }

        @Override
        public void close() {
        }

        @Override
        public void receiverHolds(long held) {
            reportedHeld.add(held);
        }

        long lastHeld() {
            return reportedHeld.isEmpty() ? -1 : reportedHeld.get(reportedHeld.size() - 1);
        }
    }

    /**
     * Passes requests on to the receiver, but DATA requests that are out at the same time are
     * gathered (up to {@code group}, or for at most 20 ms) and delivered last first. Counts what
     * the replies say; can lose the replies of chosen DATA deliveries (numbered from 1) and run a
     * hook after each delivery (on the delivering thread, one delivery at a time).
     */
    static final class ReversingMessenger implements Messenger {
        private static final long GATHER_MS = 20;

        private final Messenger delegate;
        private final int group;
        private Batch open = new Batch();
        private int delivered;
        private int concurrent;
        private Set<Integer> dropReplies = Set.of();
        private IntConsumer afterDelivery = n -> { };
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final AtomicInteger parkedReplies = new AtomicInteger();
        final AtomicInteger mismatches = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();

        ReversingMessenger(Messenger delegate, int group) {
            this.delegate = delegate;
            this.group = group;
        }

        synchronized void dropRepliesOf(Set<Integer> deliveries) {
            this.dropReplies = deliveries;
        }

        synchronized void afterDelivery(IntConsumer hook) {
            this.afterDelivery = hook;
        }

        private static final class Batch {
            int size;
            int turn = -1;
        }

        @Override
        public Message request(Destination destination, Message request, Duration timeout)
                throws MessengerException, InterruptedException {
            if (!StreamProtocol.Kind.DATA.name().equals(request.header(StreamProtocol.KIND))) {
                return delegate.request(destination, request, timeout);
            }
            Batch b;
            int position;
            synchronized (this) {
                concurrent++;
                maxConcurrent.accumulateAndGet(concurrent, Math::max);
                b = open;
                position = b.size++;
                long deadline = System.nanoTime() + GATHER_MS * 1_000_000;
                while (b.turn < 0) {
                    long left = deadline - System.nanoTime();
                    if (b.size == group || left <= 0) {
                        b.turn = b.size - 1; // close the batch: the last to arrive goes first
                        open = new Batch();
                        notifyAll();
                        break;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
                while (b.turn != position) {
                    wait();
                }
            }
            int n;
            boolean drop;
            IntConsumer hook;
            try {
                Message reply = delegate.request(destination, request, timeout);
                synchronized (this) {
                    n = ++delivered;
                    drop = dropReplies.contains(n);
                    hook = afterDelivery;
                }
                if (reply.returnCode() == ReturnCode.OFFSET_MISMATCH) {
                    mismatches.incrementAndGet();
                }
                if ("true".equals(reply.header(StreamProtocol.QUEUED))) {
                    parkedReplies.incrementAndGet();
                }
                hook.accept(n);
                if (drop) {
                    dropped.incrementAndGet();
                    throw new MessengerException(ReturnCode.TIMEOUT, "test: reply " + n + " lost");
                }
                return reply;
            } finally {
                synchronized (this) {
                    concurrent--;
                    b.turn--;
                    notifyAll();
                }
            }
        }

        @Override
        public void register(String channel, String topic, MessageHandler handler) {
            delegate.register(channel, topic, handler);
        }

        @Override
        public void unregister(String channel, String topic) {
            delegate.unregister(channel, topic);
        }
    }
}
