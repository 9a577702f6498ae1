package io.jobtail.api.streaming;

/** Told once per stream when it ends, after the consumer finished; the code is in the context. */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface StreamDoneCallback {
    void streamDone(StreamContext ctx, ReturnCode rc);
}
