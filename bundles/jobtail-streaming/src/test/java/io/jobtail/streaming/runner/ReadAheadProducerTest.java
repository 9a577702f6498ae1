package io.jobtail.streaming.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read-ahead wrapper against a scripted source whose reads block until the test feeds them. */
class ReadAheadProducerTest {
    private final ScriptedSource source = new ScriptedSource();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final StreamContext ctx = StreamContext.outgoing("c", "t", Map.of(StreamContext.FILE_NAME, "log.txt"));
    private ReadAheadProducer ahead = withLimit(1 << 20);

    private ReadAheadProducer withLimit(int maxBatchBytes) {
        return new ReadAheadProducer(source, new ReadAhead(r -> {
            Thread t = new Thread(r, "test-read-ahead");
            t.setDaemon(true);
            threads.add(t);
            return t;
        }, maxBatchBytes));
    }

    @AfterEach
    void stopReader() {
        ahead.stop();
    }

    @Test
    void chunksReadWhileTheSenderWaitsGoOutAsOneMessage() throws Exception {
        source.feed(data(0, "aa"));
        assertEquals("aa", text(ahead.produce(ctx))); // starts the reader
        source.feed(data(2, "bb"), data(4, "cc"), data(6, "dd"));
        awaitTrue("the reader to wait for a fifth read", () -> source.waitingReads() == 1 && source.reads() == 4);

        StreamItem batch = ahead.produce(ctx);

        assertEquals(2, batch.offset());
        assertEquals("bbccdd", text(batch));
    }

    @Test
    void aBatchNeverExceedsTheLimitAndGapsAreNotBridged() throws Exception {
        ahead = withLimit(4);
        source.feed(data(0, "a"));
        ahead.produce(ctx);
        source.feed(data(1, "bb"), data(3, "cc"), data(5, "d"), data(9, "zz"));
        // at most 4 bytes are queued, so the reader stops after "bb" and "cc"
        awaitTrue("bb and cc read", () -> source.reads() == 3);
        Thread.sleep(50);
        assertEquals(3, source.reads(), "the reader stops while the queue is full");
        StreamItem first = ahead.produce(ctx);
        assertEquals(1, first.offset());
        assertEquals("bbcc", text(first));
        awaitTrue("the rest read", () -> source.reads() == 5);
        StreamItem second = ahead.produce(ctx);
        assertEquals("d", text(second)); // 9 does not continue 6: not merged
        assertEquals(9, ahead.produce(ctx).offset());
    }

    @Test
    void whatTheReceiverHoldsReachesTheSourceAtOnceEvenWhileItsReaderIsBusy() throws Exception {
        source.feed(data(0, "aa"));
        ahead.produce(ctx);
        awaitTrue("the reader to wait for its next read", () -> source.waitingReads() == 1);
        ahead.receiverHolds(2);
        ahead.receiverHolds(1);
        assertEquals(List.of(2L, 1L), source.held);
    }

    @Test
    void aSeekBeforeTheFirstReadRunsOnTheCallerAndCanFail() {
        source.failSeek = true;
        IOException e = assertThrows(IOException.class, () -> ahead.seek(7));
        assertEquals("cannot seek to 7", e.getMessage());
        assertTrue(threads.isEmpty(), "no reader thread before the first produce");
    }

    @Test
    void aSeekDropsWhatWasReadAndTheReaderRepositionsTheSource() throws Exception {
        source.feed(data(0, "aa"));
        ahead.produce(ctx);
        source.feed(data(2, "bb"));
        awaitTrue("the reader to queue bb and wait", () -> source.waitingReads() == 1 && source.reads() == 2);

        ahead.seek(1);
        source.feed(data(4, "stale")); // the read in progress at the seek: dropped
        source.feed(data(1, "ab"));

        StreamItem next = ahead.produce(ctx);
        assertEquals(1, next.offset());
        assertEquals("ab", text(next));
        assertEquals(List.of(1L), source.seeks);
    }

    @Test
    void afterAnEndTheReaderWaitsForASeekInsteadOfReadingAgain() throws Exception {
        source.feed(StreamItem.end(5));
        assertEquals(StreamItem.Kind.END, ahead.produce(ctx).kind());
        Thread.sleep(100);
        assertEquals(1, source.reads(), "no read after the END until the sender seeks");

        ahead.seek(3);
        source.feed(data(3, "de"));
        StreamItem resent = ahead.produce(ctx);
        assertEquals(3, resent.offset());
        assertEquals(List.of(3L), source.seeks);
    }

    @Test
    void aFailingReadFailsTheNextProduceWithItsException() throws Exception {
        source.feed(data(0, "a"));
        ahead.produce(ctx);
        source.failNextRead = true;
        source.feed(data(1, "never"));
        IOException e = assertThrows(IOException.class, () -> ahead.produce(ctx));
        assertEquals("disk on fire", e.getMessage());
    }

    @Test
    void stopEndsTheReaderEvenWhileItWaitsOnTheSource() throws Exception {
        source.feed(data(0, "a"));
        ahead.produce(ctx);
        awaitTrue("the reader to wait on the source", () -> source.waitingReads() == 1);
        ahead.stop();
        assertFalse(threads.get(0).isAlive(), "the reader thread ended");
        assertThrows(InterruptedException.class, () -> ahead.produce(ctx));
        assertEquals(0, source.closes.get(), "the source belongs to its creator");
    }

    private static StreamItem data(long offset, String text) {
        return StreamItem.data(offset, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(StreamItem item) {
        return new String(item.data(), StandardCharsets.UTF_8);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 5 s waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    /** Reads block until the test feeds an item; records seeks; can be told to fail. */
    private static final class ScriptedSource implements ObjectProducer, ReceiverProgressListener {
        final LinkedBlockingQueue<StreamItem> items = new LinkedBlockingQueue<>();
        final List<Long> held = new CopyOnWriteArrayList<>();
        final List<Long> seeks = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean failSeek;
        volatile boolean failNextRead;

        void feed(StreamItem... more) {
            items.addAll(List.of(more));
        }

        int reads() {
            return reads.get();
        }

        int waitingReads() {
            return waiting.get();
        }

        @Override
        public StreamItem produce(StreamContext ctx) throws IOException, InterruptedException {
            waiting.incrementAndGet();
            try {
                StreamItem item = items.take();
                reads.incrementAndGet();
                if (failNextRead) {
                    failNextRead = false;
                    throw new IOException("disk on fire");
                }
                return item;
            } finally {
                waiting.decrementAndGet();
            }
        }

        @Override
        public void receiverHolds(long offset) {
            held.add(offset);
        }

        @Override
        public void seek(long offset) throws IOException {
            if (failSeek) {
                throw new IOException("cannot seek to " + offset);
            }
            seeks.add(offset);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
