package io.jobtail.bench.stages;

import io.jobtail.api.JobContext;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.api.streaming.ObjectProducer;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamDoneCallback;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.api.streaming.StreamableEngine;
import java.io.IOException;

/**
 * A sending engine that records {@link StageTimes.Stage#READ} as its producer (the tail) hands out
 * each DATA item, then streams through {@code delegate} (which wraps the timed producer in its
 * read-ahead, so the time is taken on the reader thread). Receiving is not timed here.
 */
final class TimedEngine implements StreamableEngine {
    private final StreamableEngine delegate;
    private final StageTimes times;

    TimedEngine(StreamableEngine delegate, StageTimes times) {
        this.delegate = delegate;
        this.times = times;
    }

    @Override
    public StreamResult streamObjects(String channel, String topic, StreamContext streamCtx, String target,
            ObjectProducer producer, JobContext jobCtx) throws InterruptedException {
        return delegate.streamObjects(channel, topic, streamCtx, target, new ObjectProducer() {
            @Override
            public StreamItem produce(StreamContext ctx) throws IOException, InterruptedException {
                StreamItem item = producer.produce(ctx);
                if (item.kind() == StreamItem.Kind.DATA) {
                    times.record(StageTimes.Stage.READ, item.offset(), item.size(), System.nanoTime());
                }
                return item;
            }

            @Override
            public void seek(long offset) throws IOException {
                producer.seek(offset);
            }

            @Override
            public void poll() throws IOException {
                producer.poll();
            }

            @Override
            public void close() throws IOException {
                producer.close();
            }
        }, jobCtx);
    }

    @Override
    public void registerStreamProcessing(String channel, String topic, ConsumerFactory factory, StreamDoneCallback done) {
        delegate.registerStreamProcessing(channel, topic, factory, done);
    }

    @Override
    public void shutdownStreamer() {
        delegate.shutdownStreamer();
    }
}
