package io.jobtail.streaming.runner;

import io.jobtail.api.JobContext;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamDoneCallback;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.api.streaming.StreamableEngine;
import io.jobtail.streaming.time.Sleeper;
import io.jobtail.streaming.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamableEngine} on top of any {@link Messenger}, speaking the {@link StreamProtocol}.
 *
 * <p>Sending: {@link #streamObjects} runs the whole stream on the calling thread, and, when the
 * runner has a {@link ReadAhead}, reads the producer on one more thread per stream so that each
 * request carries everything read while the previous one was in flight, and keeps up to
 * {@link ReadAhead#maxInFlight()} DATA messages in flight while more is read than one message
 * carries (the extra requests run on threads of a pool shared by the runner's streams, created
 * from the read-ahead's thread factory only while needed). The retry
 * policy and request timeout come from the stream context's attributes {@link #RETRY_POLICY} and
 * {@link #REQUEST_TIMEOUT} when set there, else from this runner.
 *
 * <p>Receiving: {@link #registerStreamProcessing} installs a messenger handler for the channel
 * and topic. Streams are keyed by the authenticated peer and the stream id, so one site can
 * never touch another's stream. DATA that overtook an earlier message is parked within a
 * {@link ReorderBudget} (default 8 MiB per stream, 64 MiB over all streams), never waited for.
 * Receiving uses no threads of its own: requests arrive on transport threads, idle timeouts on
 * whatever scheduler the consumers use. Thread-safe.
 */
public final class StreamRunner implements StreamableEngine {
    /** Sender-side stream context attribute: a {@link RetryPolicy} for this stream. */
    public static final String RETRY_POLICY = "jobtail.retryPolicy";
    /** Sender-side stream context attribute: the {@link Duration} to wait for each reply. */
    public static final String REQUEST_TIMEOUT = "jobtail.requestTimeout";
    /** How many ended streams are remembered, to tell a late request "ended" rather than "unknown". */
    static final int ENDED_MEMORY = 10_000;
    /** How long a thread of the pipeline pool stays without work before it ends. */
    static final Duration PIPELINE_IDLE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(StreamRunner.class);

    private final Messenger messenger;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;
    /** Null: the producer is read on the sending thread, one item per request. */
    private final ReadAhead readAhead;
    /** Runs the requests a stream has in flight beyond the one its own thread waits for; null without pipelining. */
    private final ExecutorService pipeline;
    private final ReorderBudget reorder;

    private final ConcurrentMap<String, IncomingStream> streams = new ConcurrentHashMap<>();
    /** Guarded by itself. */
    private final Map<String, Ended> ended = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Ended> eldest) {
            return size() > ENDED_MEMORY;
        }
    };
    /** Guarded by itself: what this runner registered with the messenger, by channel/topic. */
    private final Map<String, Registration> registrations = new HashMap<>();
    private final Object openLock = new Object();

    /**
     * A runner on system time with the default retry policy, 5 s per request, and the default
     * {@link ReadAhead} (a reader thread per outgoing stream, batches up to 1 MiB).
     */
    public StreamRunner(Messenger messenger) {
        this(messenger, Ticker.system(), Sleeper.system(), RetryPolicy.DEFAULT, Duration.ofSeconds(5), ReadAhead.defaults());
    }

    /** A runner without read-ahead: every stream runs on its calling thread alone (deterministic under fake time). */
    public StreamRunner(Messenger messenger, Ticker ticker, Sleeper sleeper, RetryPolicy retryPolicy, Duration requestTimeout) {
        this(messenger, ticker, sleeper, retryPolicy, requestTimeout, null);
    }

    /** @param readAhead how outgoing streams read ahead of their replies, or null not to */
    public StreamRunner(Messenger messenger, Ticker ticker, Sleeper sleeper, RetryPolicy retryPolicy, Duration requestTimeout,
            ReadAhead readAhead) {
        this(messenger, ticker, sleeper, retryPolicy, requestTimeout, readAhead, ReorderBudget.defaults());
    }

    /** As the public constructor, with the receiving side's reorder limits (tests). */
    StreamRunner(Messenger messenger, Ticker ticker, Sleeper sleeper, RetryPolicy retryPolicy, Duration requestTimeout,
            ReadAhead readAhead, ReorderBudget reorder) {
        this.reorder = Objects.requireNonNull(reorder, "reorder");
        this.pipeline = readAhead == null || readAhead.maxInFlight() == 1 ? null : pipelinePool(readAhead);
        this.messenger = Objects.requireNonNull(messenger, "messenger");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.readAhead = readAhead;
    }

    /**
     * Threads exist only while some stream has several requests out, and end after
     * {@link #PIPELINE_IDLE} idle: an idle stream costs no thread here. Unbounded in count, but each
     * stream uses at most {@code maxInFlight} of them at once.
     */
    private static ExecutorService pipelinePool(ReadAhead readAhead) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, PIPELINE_IDLE.toMillis(), TimeUnit.MILLISECONDS,
                new SynchronousQueue<>(), readAhead.threads());
    }

    @Override
    public StreamResult streamObjects(String channel, String topic, StreamContext streamCtx, String target,
            ObjectProducer producer, JobContext jobCtx) throws InterruptedException {
        Destination destination = new Destination(target, channel, topic, jobCtx.jobId());
        RetryPolicy retry = streamCtx.attribute(RETRY_POLICY);
        Duration timeout = streamCtx.attribute(REQUEST_TIMEOUT);
        ReadAheadProducer ahead = readAhead == null ? null : new ReadAheadProducer(producer, readAhead);
        try {
            OutgoingStream out = new OutgoingStream(messenger, destination, streamCtx, ahead != null ? ahead : producer,
                    jobCtx.abortSignal(), ticker, sleeper, retry != null ? retry : retryPolicy, timeout != null ? timeout : requestTimeout);
            if (ahead != null && pipeline != null) {
                out.pipeline(ahead, readAhead.maxInFlight(), pipeline);
            }
            return out.run();
        } finally {
            if (ahead != null) {
                ahead.stop();
            }
        }
    }

    @Override
    public void registerStreamProcessing(String channel, String topic, ConsumerFactory factory, StreamDoneCallback done) {
        Objects.requireNonNull(factory, "factory");
        synchronized (registrations) { // with the messenger's change, so a racing unregister sees both or neither
            messenger.register(channel, topic, (peer, request) -> handle(channel, topic, factory, done, peer, request));
            registrations.put(channel + "/" + topic, new Registration(channel, topic, factory));
        }
    }

    /** Removes this runner's handler for a channel and topic; open streams carry on until they end. Idempotent. */
    public void unregisterStreamProcessing(String channel, String topic) {
        synchronized (registrations) {
            messenger.unregister(channel, topic);
            registrations.remove(channel + "/" + topic);
        }
    }

    /** Removes the handler for a channel and topic only if {@code factory} registered it last. Idempotent. */
    @Override
    public boolean unregisterStreamProcessing(String channel, String topic, ConsumerFactory factory) {
        synchronized (registrations) {
            Registration r = registrations.get(channel + "/" + topic);
            if (r == null || r.factory() != factory) {
                return false;
            }
            messenger.unregister(channel, topic);
            registrations.remove(channel + "/" + topic);
            return true;
        }
    }

    /** Ends every open incoming stream with {@link ReturnCode#TASK_ABORTED} and unregisters. */
    @Override
    public void shutdownStreamer() {
        synchronized (registrations) {
            for (Registration r : registrations.values()) {
                messenger.unregister(r.channel(), r.topic());
            }
            registrations.clear();
        }
        for (IncomingStream s : new ArrayList<>(streams.values())) {
            s.end(ReturnCode.TASK_ABORTED);
        }
    }

    /** The receiving side's reorder budget (tests). */
    ReorderBudget reorder() {
        return reorder;
    }

    /** How many incoming streams are open now. */
    public int openStreams() {
        return streams.size();
    }

    private Message handle(String channel, String topic, ConsumerFactory factory, StreamDoneCallback done,
            Peer peer, Message request) {
        String streamId = request.header(StreamProtocol.STREAM);
        if (streamId == null || streamId.isBlank() || streamId.length() > 200) {
            return Message.reply(ReturnCode.BAD_REQUEST_DATA, "missing or oversized " + StreamProtocol.STREAM + " header");
        }
        StreamProtocol.Kind kind;
        try {
            kind = StreamProtocol.Kind.valueOf(String.valueOf(request.header(StreamProtocol.KIND)));
        } catch (IllegalArgumentException e) {
            return Message.reply(ReturnCode.BAD_REQUEST_DATA, "unknown " + StreamProtocol.KIND + " \""
                    + request.header(StreamProtocol.KIND) + "\" (expected one of OPEN, DATA, HEARTBEAT, END, ABORT)");
        }
        String key = peer.site() + '\u0000' + peer.jobId() + '\u0000' + channel + '/' + topic + '\u0000' + streamId;
        if (kind == StreamProtocol.Kind.OPEN) {
            return open(key, streamId, channel, topic, factory, done, peer, request);
        }
        IncomingStream stream = streams.get(key);
        if (stream == null) {
            return unknown(kind, key, streamId);
        }
        return stream.handle(kind, request);
    }

    private Message open(String key, String streamId, String channel, String topic, ConsumerFactory factory,
            StreamDoneCallback done, Peer peer, Message request) {
        synchronized (openLock) {
            IncomingStream existing = streams.get(key);
            if (existing != null) {
                return existing.heldReply(); // a retried OPEN
            }
            Ended was = ended(key);
            if (was != null) {
                return Message.reply(ReturnCode.STREAM_ENDED, "stream " + streamId + " already ended with " + was.rc())
                        .with(StreamProtocol.HELD, was.held());
            }
            Map<String, String> props = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                if (h.getKey().startsWith(StreamProtocol.PROPERTY_PREFIX)) {
                    props.put(h.getKey().substring(StreamProtocol.PROPERTY_PREFIX.length()), h.getValue());
                }
            }
            StreamContext ctx = StreamContext.incoming(streamId, channel, topic, props, peer);
            IncomingStream stream = new IncomingStream(ctx, factory, done, (s, held) -> forget(key, s, held), reorder);
            Message refusal = stream.open();
            if (refusal != null) {
                LOG.warn("Refused stream {} of {} from {}: {} {}", streamId, props.get(StreamContext.FILE_NAME), peer,
                        refusal.returnCode(), refusal.detail());
                return refusal;
            }
            streams.put(key, stream);
            LOG.debug("Opened {}", ctx);
            return stream.heldReply();
        }
    }

    private Message unknown(StreamProtocol.Kind kind, String key, String streamId) {
        Ended was = ended(key);
        if (was == null) {
            if (kind == StreamProtocol.Kind.ABORT) {
                return Message.reply(ReturnCode.OK);
            }
            return Message.reply(ReturnCode.UNKNOWN_STREAM, "no open stream " + streamId + "; open it again");
        }
        if (kind == StreamProtocol.Kind.ABORT
                || (kind == StreamProtocol.Kind.END && was.rc() == ReturnCode.OK)) {
            // a retried ABORT, or a retried END whose reply was lost: the outcome stands
            return Message.reply(ReturnCode.OK).with(StreamProtocol.HELD, was.held());
        }
        return Message.reply(ReturnCode.STREAM_ENDED, "stream " + streamId + " already ended with " + was.rc())
                .with(StreamProtocol.HELD, was.held());
    }

    private void forget(String key, IncomingStream stream, long held) {
        streams.remove(key, stream);
        ReturnCode rc = stream.context().returnCode();
        synchronized (ended) {
            ended.put(key, new Ended(rc == null ? ReturnCode.ERROR : rc, held));
        }
    }

    private Ended ended(String key) {
        synchronized (ended) {
            return ended.get(key);
        }
    }

    /** How a stream that is no longer open ended. */
    private record Ended(ReturnCode rc, long held) {
    }

    /** One registration with the messenger: which factory serves a channel and topic. */
    private record Registration(String channel, String topic, ConsumerFactory factory) {
    }
}
