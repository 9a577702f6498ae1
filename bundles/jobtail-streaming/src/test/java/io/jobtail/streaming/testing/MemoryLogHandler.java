package io.jobtail.streaming.testing;

import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.streaming.log.LogChunkHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A log receiver that keeps logs in memory, keyed by peer and file name like the real store
 * (so a resumed stream continues the same log), and records every callback.
 */
public final class MemoryLogHandler implements LogChunkHandler {
    /** One recorded end of stream. */
    public record Done(String streamId, String key, ReturnCode rc) {
    }

    private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();
    private final List<Done> done = new ArrayList<>();
    private final List<Integer> chunkSizes = new ArrayList<>();

    public static String key(Peer peer, String file) {
        return peer.site() + "/" + peer.jobId() + "/" + file;
    }

    @Override
    public long streamOpened(StreamContext ctx) {
        return logs.computeIfAbsent(key(ctx.peer(), ctx.fileName()), k -> new ByteArrayOutputStream()).size();
    }

    @Override
    public synchronized long chunkReceived(StreamItem chunk, StreamContext ctx) {
        ByteArrayOutputStream log = logs.get(key(ctx.peer(), ctx.fileName()));
        if (chunk.offset() != log.size()) {
            throw new AssertionError("chunk at " + chunk.offset() + " delivered but " + log.size() + " held");
        }
        log.writeBytes(chunk.data());
        chunkSizes.add(chunk.size());
        return log.size();
    }

    @Override
    public synchronized void streamDone(StreamContext ctx, ReturnCode rc) {
        done.add(new Done(ctx.streamId(), key(ctx.peer(), ctx.fileName()), rc));
    }

    /** Forgets all but the first {@code length} bytes of a log, as a receiver that lost its disk's tail would. */
    public synchronized void keepOnly(String site, String job, String file, int length) {
        ByteArrayOutputStream log = logs.get(site + "/" + job + "/" + file);
        byte[] kept = java.util.Arrays.copyOf(log.toByteArray(), length);
        log.reset();
        log.writeBytes(kept);
    }

    /** The bytes held for a log, or null. */
    public byte[] bytes(String site, String job, String file) {
        ByteArrayOutputStream log = logs.get(site + "/" + job + "/" + file);
        return log == null ? null : log.toByteArray();
    }

    public synchronized List<Done> done() {
        return new ArrayList<>(done);
    }

    /** Sizes of the chunks that reached the handler (heartbeats never do). */
    public synchronized List<Integer> chunkSizes() {
        return new ArrayList<>(chunkSizes);
    }
}
