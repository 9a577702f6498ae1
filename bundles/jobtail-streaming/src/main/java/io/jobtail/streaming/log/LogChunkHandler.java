package io.jobtail.streaming.log;

import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import java.io.IOException;

/**
 * What a log receiver does with streams: one instance serves every stream on its channel and
 * topic, keeping per-stream state in the {@link StreamContext}'s attributes.
 *
 * <p>For one stream the calls never overlap and come in order: {@link #streamOpened}, then
 * {@link #chunkReceived} for each chunk with new bytes (never for heartbeats), then
 * {@link #streamDone} exactly once. Calls for different streams may run concurrently.
 * Any method may throw {@link io.jobtail.api.streaming.StreamRefusedException} to end the stream
 * with that code; an {@link IOException} from {@link #chunkReceived} makes the sender retry.
 */
public interface LogChunkHandler {

    /**
     * A stream opens; the site and job are {@code ctx.peer()}, the file is {@code ctx.fileName()}.
     *
     * @return the bytes of this log already held (resume point)
     */
    long streamOpened(StreamContext ctx) throws IOException;

    /**
     * New bytes, starting exactly at what was last reported held.
     *
     * @return the bytes held afterwards
     */
    long chunkReceived(StreamItem chunk, StreamContext ctx) throws IOException;

    /** The stream is over: {@code rc} is OK after a complete stream, else why it ended. */
    void streamDone(StreamContext ctx, ReturnCode rc);
}
