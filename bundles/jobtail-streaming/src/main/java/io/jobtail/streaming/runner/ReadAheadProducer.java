package io.jobtail.streaming.runner;

import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a producer so that it is read on a thread of its own while the sender waits for replies
 * (see {@link ReadAhead}); {@link #produce} returns what was read, contiguous DATA merged.
 *
 * <p><b>Threads.</b> The source is touched only by the reader thread once it has started (it
 * starts on the first {@link #produce}); until then {@link #seek} runs on the caller, so the
 * opening seek fails at once if it must. {@link #produce}, {@link #seek} and {@link #poll} come
 * from the one sending thread. A seek after the reader started is applied by the reader before
 * its next read; items read before it are dropped, and if the seek fails the next
 * {@link #produce} throws its exception. After an END the reader waits for a seek (the engine
 * seeks only if the receiver lacks bytes) instead of producing END again. While the queue is
 * full ({@code maxBatchBytes × maxInFlight} queued) the reader lets the source
 * {@link ObjectProducer#poll} every poll slice, so rotations are still noticed when the receiver
 * is slow or away.
 *
 * <p>{@link #stop()} ends the reader (interrupting it, which may close the source's file handle:
 * the stream is over by then) and waits for it; it does not close the source, whose creator
 * does. {@link #close()} is {@link #stop()}.
 */
final class ReadAheadProducer implements ObjectProducer, ReceiverProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAheadProducer.class);
    private static final long POLL_SLICE_MS = 250;
    private static final long STOP_WAIT_MS = 5_000;

    private final ObjectProducer source;
    private final ReadAhead settings;
    /**
     * How many bytes the reader queues before it waits: a batch per message the sender may have
     * in flight, so that a pipelined sender finds the next batch ready when it may send one.
     */
    private final long queueLimit;

    // Guarded by this.
    private final Deque<StreamItem> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long generation;
    private boolean seekPending;
    private long seekTo;
    private boolean endQueued;
    private IOException failure;
    private boolean stopped;
    private Thread reader;

    ReadAheadProducer(ObjectProducer source, ReadAhead settings) {
        this.source = source;
        this.settings = settings;
        this.queueLimit = (long) settings.maxBatchBytes() * settings.maxInFlight();
    }

    @Override
    public StreamItem produce(StreamContext ctx) throws IOException, InterruptedException {
        synchronized (this) {
            if (reader == null && !stopped) {
                reader = settings.threads().newThread(() -> read(ctx));
                reader.start();
            }
            while (queue.isEmpty() && failure == null && !stopped) {
                wait();
            }
            if (failure != null) {
                IOException e = failure;
                failure = null;
                throw e;
            }
            if (stopped) {
                throw new InterruptedException("the read-ahead of this stream was stopped");
            }
            return takeBatch();
        }
    }

    /**
     * The DATA read so far, merged as {@link #produce} does, if the queue starts with a full
     * batch of it ({@link #batchReady}); else null. Never blocks and never starts the reader: the
     * sender calls it to put another message in flight only when one is ready. A pending failure
     * is left for {@link #produce}.
     */
    synchronized StreamItem produceReady() {
        if (!batchReady()) {
            return null;
        }
        return takeBatch();
    }

    /**
     * Whether the queue starts with DATA and holds at least a batch's worth. Why a full batch:
     * every message costs about the same CPU and round trip whatever its size (BENCHMARKS.md), so
     * an extra message in flight pays only when it is a full one; a partial batch waits for the
     * replies, growing meanwhile, as with stop-and-wait.
     */
    synchronized boolean batchReady() {
        StreamItem head = queue.peek();
        return head != null && head.kind() == StreamItem.Kind.DATA && queuedBytes >= settings.maxBatchBytes()
                && failure == null && !stopped;
    }

    /** Takes the head of the queue, with the DATA contiguous to it up to the batch limit. Caller holds this. */
    private StreamItem takeBatch() {
        StreamItem first = queue.poll();
        queuedBytes -= first.size();
        if (first.kind() != StreamItem.Kind.DATA) {
            notifyAll();
            return first;
        }
        List<StreamItem> batch = null;
        long end = first.offset() + first.size();
        int total = first.size();
        while (!queue.isEmpty()) {
            StreamItem next = queue.peek();
            if (next.kind() != StreamItem.Kind.DATA || next.offset() != end
                    || (long) total + next.size() > settings.maxBatchBytes()) {
                break;
            }
            queue.poll();
            queuedBytes -= next.size();
            if (batch == null) {
                batch = new ArrayList<>();
                batch.add(first);
            }
            batch.add(next);
            end += next.size();
            total += next.size();
        }
        notifyAll();
        return batch == null ? first : merge(batch, total);
    }

    private static StreamItem merge(List<StreamItem> batch, int total) {
        byte[] data = new byte[total];
        int at = 0;
        for (StreamItem item : batch) {
            System.arraycopy(item.data(), 0, data, at, item.size());
            at += item.size();
        }
        return StreamItem.data(batch.get(0).offset(), data);
    }

    @Override
    public void seek(long offset) throws IOException {
        synchronized (this) {
            if (reader != null) {
                queue.clear();
                queuedBytes = 0;
                generation++;
                seekPending = true;
                seekTo = offset;
                endQueued = false;
                failure = null;
                notifyAll();
                return;
            }
        }
        source.seek(offset);
    }

    /** Passed straight on: listeners are thread-safe, so the reader thread need not relay it. */
    @Override
    public void receiverHolds(long offset) {
        if (source instanceof ReceiverProgressListener listener) {
            listener.receiverHolds(offset);
        }
    }

    /** The reader follows the source by itself; nothing to do here. */
    @Override
    public void poll() {
    }

    /** The reader thread's loop. */
    private void read(StreamContext ctx) {
        try {
            while (true) {
                long gen;
                Long seek = null;
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    if (!seekPending && (endQueued || failure != null)) {
                        wait(); // until the sender seeks (or stops): producing again now would repeat the END
                        continue;
                    }
                    if (!seekPending && queuedBytes >= queueLimit) {
                        wait(POLL_SLICE_MS);
                        if (stopped || seekPending || queuedBytes < queueLimit) {
                            continue;
                        }
                        gen = -1; // still full after a slice: let the source look at its file
                    } else {
                        if (seekPending) {
                            seek = seekTo;
                            seekPending = false;
                        }
                        gen = generation;
                    }
                }
                if (gen == -1) {
                    try {
                        source.poll();
                    } catch (IOException e) {
                        LOG.debug("Polling the source while the sender is behind failed: {}", e.toString());
                    }
                    continue;
                }
                try {
                    if (seek != null) {
                        source.seek(seek);
                    }
                    StreamItem item = source.produce(ctx);
                    synchronized (this) {
                        if (gen == generation && !seekPending) {
                            queue.add(item);
                            queuedBytes += item.size();
                            endQueued = item.kind() == StreamItem.Kind.END;
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    synchronized (this) {
                        if (gen == generation && !seekPending) {
                            failure = e;
                            notifyAll();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts a reader waiting on its source
        } catch (RuntimeException e) {
            LOG.error("Reading ahead of the stream failed", e);
            synchronized (this) {
                failure = new IOException("reading the source failed: " + e, e);
                notifyAll();
            }
        }
    }

    /** Ends the reader thread and waits for it (bounded); idempotent. The source stays open. */
    void stop() {
        Thread t;
        synchronized (this) {
            stopped = true;
            notifyAll();
            t = reader;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        t.interrupt();
        try {
            t.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("The read-ahead thread {} did not stop within {} ms", t.getName(), STOP_WAIT_MS);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
