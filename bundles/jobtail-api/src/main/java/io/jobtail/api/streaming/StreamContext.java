package io.jobtail.api.streaming;

import io.jobtail.api.messaging.Peer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Everything about one stream: its id, channel and topic, the properties the sender declared when
 * opening it (file name, mode), and, on the receiving side, the authenticated peer, attributes the
 * consumer keeps and the hook that ends the stream.
 *
 * <p>Properties are informational: a receiver must take site and job from {@link #peer()} only.
 * Thread-safe: attributes live in a concurrent map, the hook and return code are volatile.
 */
public final class StreamContext {
    /** Property: the log's file name (a base name). */
    public static final String FILE_NAME = "file";
    /** Property: the {@link StreamMode}. */
    public static final String MODE = "mode";

    private final String streamId;
    private final String channel;
    private final String topic;
    private final Map<String, String> properties;
    private final Peer peer;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile Consumer<ReturnCode> endStreamHook;
    private volatile ReturnCode returnCode;

    private StreamContext(String streamId, String channel, String topic, Map<String, String> properties, Peer peer) {
        this.streamId = Objects.requireNonNull(streamId, "streamId");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.peer = peer;
    }

    /** A context for a new outgoing stream, with a fresh random id. */
    public static StreamContext outgoing(String channel, String topic, Map<String, String> properties) {
        return new StreamContext(UUID.randomUUID().toString(), channel, topic, properties, null);
    }

    /** The context a receiver builds when a stream opens. */
    public static StreamContext incoming(String streamId, String channel, String topic,
            Map<String, String> properties, Peer peer) {
        return new StreamContext(streamId, channel, topic, properties, Objects.requireNonNull(peer, "peer"));
    }

    /** The same outgoing stream under a new id: used to start over after the receiver ended the old one. */
    public StreamContext renewed() {
        return new StreamContext(UUID.randomUUID().toString(), channel, topic, properties, peer);
    }

    public String streamId() {
        return streamId;
    }

    public String channel() {
        return channel;
    }

    public String topic() {
        return topic;
    }

    /** What the sender declared at open; unmodifiable. */
    public Map<String, String> properties() {
        return properties;
    }

    public String property(String name) {
        return properties.get(name);
    }

    /** The declared file name, or null. */
    public String fileName() {
        return properties.get(FILE_NAME);
    }

    /**
     * The declared mode; {@link StreamMode#LIVE} when absent.
     *
     * @throws IllegalArgumentException for a mode this version does not know
     */
    public StreamMode mode() {
        String m = properties.get(MODE);
        if (m == null) {
            return StreamMode.LIVE;
        }
        try {
            return StreamMode.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown stream mode \"" + m + "\" (expected LIVE or SNAPSHOT)");
        }
    }

    /** The authenticated sender (receiving side), or null on the sending side. */
    public Peer peer() {
        return peer;
    }

    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return (T) attributes.get(name);
    }

    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    /** Installed by the engine on the receiving side: ends this stream, and only this one. */
    public void setEndStreamHook(Consumer<ReturnCode> hook) {
        this.endStreamHook = hook;
    }

    /**
     * Ends this stream with {@code rc} (receiving side), as the idle watchdog does.
     *
     * @return false if no hook is installed
     */
    public boolean endStream(ReturnCode rc) {
        Consumer<ReturnCode> hook = endStreamHook;
        if (hook == null) {
            return false;
        }
        hook.accept(rc);
        return true;
    }

    /** How the stream ended, once it has; null before. */
    public ReturnCode returnCode() {
        return returnCode;
    }

    public void setReturnCode(ReturnCode rc) {
        this.returnCode = rc;
    }

    @Override
    public String toString() {
        return "Stream[" + streamId + " " + channel + "/" + topic + " " + properties
                + (peer == null ? "" : " from " + peer) + "]";
    }
}
