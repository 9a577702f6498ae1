package io.jobtail.streaming.runner;

import io.jobtail.api.Signal;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.MessengerException;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.time.Sleeper;
import io.jobtail.streaming.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of one stream: a loop over the {@link StreamProtocol}, stop-and-wait unless
 * {@link #pipeline pipelined}.
 *
 * <p><b>Pipelined</b> (a read-ahead with {@code maxInFlight} &gt; 1): while a DATA message is out
 * and the read-ahead already holds a full batch of the next DATA, that one goes out too, up to
 * {@code maxInFlight} at once, each on a thread of the shared pool; the stream's own thread takes
 * the replies in the order it sent the requests. A lone line still goes out on the stream's own
 * thread, as before. OPEN, END and HEARTBEAT only go out with nothing else in flight. What the
 * receiver holds ({@link #held}) only grows between two OPENs (its reorder window parks DATA that
 * overtook an earlier one and says so), so replies that overtook each other are merged by taking
 * the largest. On any reply other than OK, or an OK that does not fit (the receiver holds more
 * than was sent, or less than an unparked chunk's end), every request still in flight is waited
 * for and its reply dropped, then the stream goes on from what that reply said is held, exactly
 * as stop-and-wait does: at worst bytes the receiver holds are sent again, which it drops.
 *
 * <p>Every failure that can pass is handled by opening the stream again (OPEN is idempotent and
 * answers with what the receiver holds) and seeking the producer there, so nothing is sent twice
 * into the log and nothing is skipped. Transient failures back off exponentially within the
 * retry budget, counted from the last reply that moved the stream forward (below). Until the
 * first successful reply a receiver without a handler is tolerated the same way (it may not have
 * registered yet); after it, a missing handler ends the stream. Runs entirely on the calling
 * thread; not thread-safe.
 *
 * <p><b>Progress: what restarts the retry budget.</b> A reply moves the stream forward when it is
 * <ul>
 * <li>a reply from the receiver to a DATA or END message: OK (it took or parked the bytes, or
 *     completed the stream) or {@code OFFSET_MISMATCH} (the message crossed the path and the
 *     answer says where to go on);</li>
 * <li>OK to a HEARTBEAT, which goes out only when nothing is left to send, so nothing is stuck;
 *     or</li>
 * <li>a reply of any kind (an OPEN's too) saying the receiver holds more than it was known to:
 *     bytes got there although their replies were lost, as on a link that loses replies rather
 *     than requests.</li>
 * </ul>
 * An OPEN answered OK with nothing new held is not progress, nor is any failure. Why: OPEN is
 * small, so it proves the receiver is reachable, not that the stream can move. When each
 * successful OPEN restarted the budget, a path that lets OPEN through but cuts every DATA message
 * (even at {@value #MIN_PART_BYTES} bytes) retried for ever and never said why. Now such a stream
 * ends after the budget with the DATA messages' failure ({@code COMMUNICATION_ERROR} or
 * {@code TIMEOUT}, rather than what came of it, such as the receiver ending the idle stream) and a
 * detail saying how many DATA messages, down to which size, failed in transit while the receiver
 * answered OPEN. A receiver that restarts (UNKNOWN_STREAM, then OPEN and DATA) or a server that
 * is down for less than the budget is unaffected: the first DATA through restarts the budget.
 * {@code failures}, which sets the backoff, also counts from the last progress, so a stalled
 * stream backs off up to {@code maxBackoff} instead of retrying at the initial backoff after
 * every OPEN; only the retry right after the part limit was lowered (below) waits the initial
 * backoff, as it sends something new.
 *
 * <p><b>Requests too large for the path.</b> A DATA message that fails in transit
 * ({@code COMMUNICATION_ERROR} or {@code TIMEOUT}) makes the next ones at most half its size (not
 * below {@value #MIN_PART_BYTES} bytes), sent one at a time, the rest of a larger read following
 * in parts; after {@value #REGROW_AFTER} DATA replies in a row the limit doubles again, until it is
 * gone. Why: a proxy or a slow link that cuts every request above some size (a connection budget,
 * a timeout) would otherwise fail the same 1 MiB message until the retry budget ends the stream.
 * A server that is down costs only smaller messages for a while after it is back.
 */
final class OutgoingStream {
    private static final Logger LOG = LoggerFactory.getLogger(OutgoingStream.class);
    private static final Duration ABORT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration POLL_SLICE = Duration.ofMillis(250);
    /** The smallest part a DATA message is cut down to after failures in transit. */
    static final int MIN_PART_BYTES = 4096;
    /** DATA replies in a row after which the size limit doubles. */
    static final int REGROW_AFTER = 16;
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private final Messenger messenger;
    private final Destination destination;
    private final ObjectProducer producer;
    private final Signal abort;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final Duration requestTimeout;

    private StreamContext ctx;
    private long seq;
    private long held;
    private boolean opened;
    private boolean everOk;
    /** Failed attempts since the last progress (see the class comment); sets the backoff. */
    private int failures;
    private int reopensWithoutProgress;
    /** When the stream last moved forward; the retry budget counts from here. */
    private long lastProgressNanos;
    /** DATA messages that failed in transit since the last progress, the smallest of them, and how the last one failed. */
    private int dataCutsSinceProgress;
    private int smallestDataCut = NO_LIMIT;
    private ReturnCode lastDataCut;
    /** Whether an OPEN was answered OK since the last progress: the receiver is reachable. */
    private boolean openAnsweredSinceProgress;
    /** Whether the part limit was lowered since the last backoff: the next attempt sends something new. */
    private boolean partLimitLowered;

    /** Null: stop-and-wait. */
    private ReadAheadProducer ahead;
    private int maxInFlight = 1;
    private Executor pool;
    /** DATA requests out, oldest first; only ever non-empty when pipelined. */
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    /** The end offset of the last DATA sent since the stream was last opened or sought. */
    private long sentEnd = -1;
    /** The largest DATA message sent now ({@link #NO_LIMIT} until one fails in transit). */
    private int partLimit = NO_LIMIT;
    private int okSinceShrink;
    /** The rest of a read cut to {@link #partLimit}, sent next; dropped on every seek. */
    private StreamItem pending;

    OutgoingStream(Messenger messenger, Destination destination, StreamContext ctx, ObjectProducer producer,
            Signal abort, Ticker ticker, Sleeper sleeper, RetryPolicy retry, Duration requestTimeout) {
        this.messenger = messenger;
        this.destination = destination;
        this.ctx = ctx;
        this.producer = producer;
        this.abort = abort;
        this.ticker = ticker;
        this.sleeper = sleeper;
        this.retry = retry;
        this.requestTimeout = requestTimeout;
    }

    /** Keeps up to {@code max} DATA messages in flight, the extra ones sent on {@code pool}. Call before {@link #run}. */
    void pipeline(ReadAheadProducer readAhead, int max, Executor extraRequests) {
        this.ahead = readAhead;
        this.maxInFlight = max;
        this.pool = extraRequests;
    }

    StreamResult run() throws InterruptedException {
        lastProgressNanos = ticker.nanos();
        try {
            return loop();
        } finally {
            drainQuietly();
        }
    }

    private StreamResult loop() throws InterruptedException {
        while (true) {
            if (abort.isTriggered()) {
                drainQuietly();
                if (opened) {
                    sendAbortQuietly();
                }
                return result(ReturnCode.TASK_ABORTED, "the run was aborted");
            }
            if (!inFlight.isEmpty()) {
                StreamItem next = inFlight.size() < maxInFlight ? ahead.produceReady() : null;
                if (next != null) {
                    sendInFlight(next);
                    continue;
                }
                InFlight oldest = inFlight.poll();
                StreamResult done = onPipelinedReply(oldest.item(), await(oldest));
                if (done != null) {
                    return done;
                }
                continue;
            }
            StreamItem item = null;
            Message request;
            if (!opened) {
                request = openRequest();
            } else {
                try {
                    item = fitted(pending != null ? pending : producer.produce(ctx));
                } catch (IOException e) {
                    sendAbortQuietly();
                    return result(ReturnCode.ERROR, "reading the source failed: " + e.getMessage());
                }
                if (abort.isTriggered()) {
                    continue;
                }
                if (ahead != null && item.kind() == StreamItem.Kind.DATA && partLimit == NO_LIMIT && ahead.batchReady()) {
                    sendInFlight(item); // more is read already: do not wait for this one's reply
                    continue;
                }
                request = itemRequest(item);
            }
            Message reply = send(request);
            ReturnCode rc = reply.returnCode();
            if (rc == ReturnCode.OK) {
                StreamResult done = onOk(item, reply);
                if (done != null) {
                    return done;
                }
                continue;
            }
            failedInTransit(item, rc);
            StreamResult done = onNotOk(rc, reply);
            if (done != null) {
                return done;
            }
        }
    }

    /**
     * The item itself, or its first {@link #partLimit} bytes with the rest kept in
     * {@link #pending}; never produces anything new.
     */
    private StreamItem fitted(StreamItem item) {
        pending = null;
        if (item.kind() != StreamItem.Kind.DATA || item.size() <= partLimit) {
            return item;
        }
        byte[] data = item.data();
        pending = StreamItem.data(item.offset() + partLimit, Arrays.copyOfRange(data, partLimit, data.length));
        return StreamItem.data(item.offset(), Arrays.copyOf(data, partLimit));
    }

    /**
     * Notes a DATA message of this stream that failed in transit and halves the part limit (see
     * the class comment); anything else is not a failure in transit.
     */
    private void failedInTransit(StreamItem item, ReturnCode rc) {
        if (item == null || item.kind() != StreamItem.Kind.DATA
                || (rc != ReturnCode.COMMUNICATION_ERROR && rc != ReturnCode.TIMEOUT)) {
            return;
        }
        dataCutsSinceProgress++;
        smallestDataCut = Math.min(smallestDataCut, item.size());
        lastDataCut = rc;
        if (item.size() <= MIN_PART_BYTES) {
            return;
        }
        int limit = Math.max(MIN_PART_BYTES, item.size() / 2);
        if (limit < partLimit) {
            LOG.info("{}: a DATA message of {} bytes failed in transit ({}); sending at most {} bytes per message for now",
                    ctx.streamId(), item.size(), rc, limit);
            partLimit = limit;
            partLimitLowered = true;
        }
        okSinceShrink = 0;
    }

    /** A reply moved the stream forward (see the class comment): the retry budget starts again. */
    private void progressed() {
        lastProgressNanos = ticker.nanos();
        failures = 0;
        reopensWithoutProgress = 0;
        dataCutsSinceProgress = 0;
        smallestDataCut = NO_LIMIT;
        openAnsweredSinceProgress = false;
    }

    /** Counts a DATA reply towards lifting the part limit again. */
    private void dataDelivered() {
        if (partLimit != NO_LIMIT && ++okSinceShrink >= REGROW_AFTER) {
            okSinceShrink = 0;
            partLimit = partLimit > NO_LIMIT / 2 ? NO_LIMIT : partLimit * 2;
        }
    }

    /** Handles an OK reply; returns the result when the stream is complete. */
    private StreamResult onOk(StreamItem item, Message reply) throws InterruptedException {
        everOk = true;
        long replyHeld = heldOf(reply, held);
        if (item == null) {
            opened = true;
            if (replyHeld > held) {
                progressed(); // bytes got through although their replies did not
            } else {
                openAnsweredSinceProgress = true;
            }
            held = replyHeld;
            tellProducer();
            return seekOrFail(held);
        }
        progressed();
        if (item.kind() == StreamItem.Kind.DATA) {
            sentEnd = item.offset() + item.size();
            dataDelivered();
        }
        held = replyHeld;
        tellProducer();
        switch (item.kind()) {
            case END:
                if (held >= item.offset()) {
                    return new StreamResult(ReturnCode.OK, held, "");
                }
                return seekOrFail(held);
            case DATA:
                if (held != item.offset() + item.size()) {
                    return seekOrFail(held); // the receiver holds more (another stream of this log) or less
                }
                return null;
            default:
                return null;
        }
    }

    /** Handles an error reply; returns the result when the stream must end. */
    private StreamResult onNotOk(ReturnCode rc, Message reply) throws InterruptedException {
        switch (rc) {
            case OFFSET_MISMATCH:
                progressed(); // the message crossed the path and the receiver said where to go on
                held = heldOf(reply, held);
                tellProducer();
                LOG.debug("{}: receiver holds {} bytes; resending from there", ctx.streamId(), held);
                return seekOrFail(held);
            case UNKNOWN_STREAM:
                LOG.info("Receiver {} no longer knows stream {} (it restarted?); reopening it", destination, ctx.streamId());
                return reopen();
            case STREAM_ENDED:
                ctx = ctx.renewed();
                LOG.info("Receiver {} had already ended the stream ({}); continuing as stream {}",
                        destination, reply.detail(), ctx.streamId());
                return reopen();
            case NO_HANDLER:
                if (everOk) {
                    return result(rc, "the receiver stopped handling " + destination.channel() + "/" + destination.topic()
                            + ": " + reply.detail());
                }
                return backOff(rc, reply.detail());
            default:
                if (rc.isTransient()) {
                    return backOff(rc, reply.detail());
                }
                return result(rc, reply.detail());
        }
    }

    /** Handles the reply to the oldest DATA in flight; returns the result when the stream must end. */
    private StreamResult onPipelinedReply(StreamItem item, Message reply) throws InterruptedException {
        if (reply.returnCode() != ReturnCode.OK) {
            drainQuietly(); // replies to later requests say nothing this one does not
            failedInTransit(item, reply.returnCode());
            return onNotOk(reply.returnCode(), reply);
        }
        everOk = true;
        progressed();
        long before = held;
        held = Math.max(held, heldOf(reply, held));
        if (held != before) {
            tellProducer();
        }
        boolean parked = "true".equals(reply.header(StreamProtocol.QUEUED));
        boolean fits = held <= sentEnd && (parked || held >= item.offset() + item.size());
        if (fits && (!inFlight.isEmpty() || held == sentEnd)) {
            return null;
        }
        // The receiver holds more than was sent (another stream of this log), less than it said it
        // took, or, with everything answered, a parked chunk whose gap never filled: go on from held.
        drainQuietly();
        return seekOrFail(held);
    }

    /** Sends a DATA item on the pool without waiting for its reply. */
    private void sendInFlight(StreamItem item) {
        Message request = itemRequest(item);
        CompletableFuture<Message> reply = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    reply.complete(send(request));
                } catch (InterruptedException e) {
                    reply.complete(Message.reply(ReturnCode.COMMUNICATION_ERROR, "the request was interrupted"));
                } catch (RuntimeException e) {
                    reply.complete(Message.reply(ReturnCode.COMMUNICATION_ERROR, "the request failed: " + e));
                }
            });
        } catch (RejectedExecutionException e) {
            reply.complete(Message.reply(ReturnCode.COMMUNICATION_ERROR, "no thread to send on: " + e.getMessage()));
        }
        inFlight.add(new InFlight(item, reply));
        sentEnd = item.offset() + item.size();
    }

    private static Message await(InFlight f) throws InterruptedException {
        try {
            return f.reply().get(); // bounded: the messenger answers within the request timeout
        } catch (ExecutionException e) {
            return Message.reply(ReturnCode.COMMUNICATION_ERROR, "the request failed: " + e.getCause());
        }
    }

    /**
     * Waits for every request in flight and drops the replies, so that none is still out when the
     * stream seeks, reopens or ends (a late reply must not be taken for one to a later request).
     * Interruption is kept for the caller; the requests then end on their own within their timeout.
     */
    private void drainQuietly() {
        boolean interrupted = false;
        while (!inFlight.isEmpty()) {
            InFlight f = inFlight.poll();
            try {
                await(f);
            } catch (InterruptedException e) {
                interrupted = true;
                inFlight.clear();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private record InFlight(StreamItem item, CompletableFuture<Message> reply) {
    }

    private StreamResult reopen() throws InterruptedException {
        opened = false;
        if (reopensWithoutProgress++ > 0) {
            return backOff(ReturnCode.UNKNOWN_STREAM, "the receiver keeps losing the stream");
        }
        return null;
    }

    private StreamResult backOff(ReturnCode rc, String detail) throws InterruptedException {
        failures++;
        Duration silent = Duration.ofNanos(ticker.nanos() - lastProgressNanos);
        if (silent.compareTo(retry.budget()) >= 0) {
            if (cutByThePath()) {
                // the cause, rather than what came of it (an idle receiver ends the stream that never moved)
                return result(lastDataCut, gaveUp(silent) + ": the receiver was reachable (it answered OPEN), but "
                        + dataCutsSinceProgress + " DATA messages, down to " + smallestDataCut + " bytes, kept failing in"
                        + " transit; something on the path (a proxy's size or time limit?) cuts them; last: " + rc + " " + detail);
            }
            return result(rc, gaveUp(silent) + "; last: " + rc + " " + detail);
        }
        Duration wait = partLimitLowered ? retry.initialBackoff() : retry.backoff(failures);
        partLimitLowered = false;
        if (failures == 1) {
            LOG.warn("Streaming {} to {} failed ({} {}); retrying with backoff for up to {} s",
                    ctx.fileName(), destination, rc, detail, retry.budget().toSeconds());
        } else {
            LOG.debug("Attempt {} to {} failed ({} {}); next in {} ms", failures, destination, rc, detail, wait.toMillis());
        }
        sleepWatchingSource(wait);
        opened = false;
        return null;
    }

    private String gaveUp(Duration silent) {
        return "gave up after " + failures + " failed attempts over " + silent.toSeconds()
                + " s without progress (retry budget " + retry.budget().toSeconds() + " s)";
    }

    /** Whether, since the last progress, DATA failed in transit while OPEN was answered. */
    private boolean cutByThePath() {
        return dataCutsSinceProgress > 0 && openAnsweredSinceProgress;
    }

    /** Waits in short slices, letting the producer follow its source (rotations) meanwhile. */
    private void sleepWatchingSource(Duration wait) throws InterruptedException {
        Duration left = wait;
        while (!left.isZero() && !left.isNegative()) {
            Duration slice = left.compareTo(POLL_SLICE) > 0 ? POLL_SLICE : left;
            sleeper.sleep(slice);
            left = left.minus(slice);
            try {
                producer.poll();
            } catch (IOException e) {
                LOG.debug("Producer poll failed: {}", e.toString());
            }
        }
    }

    /** Lets a producer that keeps bytes for resending know what the receiver now holds. */
    private void tellProducer() {
        if (producer instanceof ReceiverProgressListener listener) {
            listener.receiverHolds(held);
        }
    }

    private StreamResult seekOrFail(long offset) {
        sentEnd = offset;
        pending = null; // what follows comes from the producer, from the offset
        try {
            producer.seek(offset);
            return null;
        } catch (IOException e) {
            sendAbortQuietly();
            return result(ReturnCode.ERROR, e.getMessage());
        }
    }

    private StreamResult result(ReturnCode rc, String detail) {
        return new StreamResult(rc, held, detail);
    }

    private Message send(Message request) throws InterruptedException {
        try {
            return messenger.request(destination, request, requestTimeout);
        } catch (MessengerException e) {
            return Message.reply(e.returnCode(), e.getMessage());
        }
    }

    private void sendAbortQuietly() {
        try {
            messenger.request(destination, base(StreamProtocol.Kind.ABORT), ABORT_TIMEOUT);
        } catch (MessengerException e) {
            LOG.debug("Could not tell {} that stream {} is aborted: {}", destination, ctx.streamId(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Message openRequest() {
        Message m = base(StreamProtocol.Kind.OPEN);
        for (Map.Entry<String, String> p : ctx.properties().entrySet()) {
            m = m.with(StreamProtocol.PROPERTY_PREFIX + p.getKey(), p.getValue());
        }
        return m;
    }

    private Message itemRequest(StreamItem item) {
        switch (item.kind()) {
            case DATA:
                return base(StreamProtocol.Kind.DATA)
                        .with(StreamProtocol.OFFSET, item.offset())
                        .with(StreamProtocol.SIZE, item.size())
                        .withBody(item.data());
            case END:
                return base(StreamProtocol.Kind.END).with(StreamProtocol.OFFSET, item.offset());
            default:
                return base(StreamProtocol.Kind.HEARTBEAT);
        }
    }

    private Message base(StreamProtocol.Kind kind) {
        return Message.empty()
                .with(StreamProtocol.KIND, kind.name())
                .with(StreamProtocol.STREAM, ctx.streamId())
                .with(StreamProtocol.SEQ, seq++);
    }

    private static long heldOf(Message reply, long fallback) {
        String h = reply.header(StreamProtocol.HELD);
        if (h == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(h);
            return v < 0 ? fallback : v;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
