package io.jobtail.transport.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Collects a response body into a byte array, failing (and cancelling the download) once it
 * passes a limit, so a misbehaving server cannot make a client buffer without bound, or, with a
 * deadline, once the deadline passes before the body is complete (the request timeout of the
 * JDK client covers only the headers). The deadline runs on the JDK's single shared
 * {@code CompletableFuture} delay thread: no thread per request.
 *
 * <p>Driven by the HTTP client's threads one signal at a time, as reactive streams require.
 */
public final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final int maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;

    public BoundedBodySubscriber(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** As {@link #BoundedBodySubscriber(int)}, failing with a {@link TimeoutException} at {@code deadlineNanos} ({@link System#nanoTime()}). */
    public BoundedBodySubscriber(int maxBytes, long deadlineNanos) {
        this(maxBytes);
        result.orTimeout(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                .whenComplete((body, failure) -> {
                    Flow.Subscription s = subscription;
                    if (failure instanceof TimeoutException && s != null) {
                        s.cancel();
                    }
                });
    }

    /** {@link #handler(int)} whose bodies must be complete by {@code deadlineNanos} ({@link System#nanoTime()}). */
    public static HttpResponse.BodyHandler<byte[]> handler(int maxBytes, long deadlineNanos) {
        return info -> {
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
            if (announced > maxBytes) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            return new BoundedBodySubscriber(maxBytes, deadlineNanos);
        };
    }

    /** A body handler that refuses an announced oversize body before reading any of it. */
    public static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
        return info -> {
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
            if (announced > maxBytes) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            return new BoundedBodySubscriber(maxBytes);
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if ((long) out.size() + b.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new IOException("reply body over the limit of " + maxBytes + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
