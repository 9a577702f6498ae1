package io.jobtail.transport.http.internal;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A request body that hands the HTTP client read-only views of the caller's array instead of
 * copies.
 *
 * <p>Why: the JDK's {@code BodyPublishers.ofByteArray} copies the whole body into new 16 KiB
 * buffers before the socket copies it again; for a 1 MiB DATA message that was 6 % of the
 * sender's CPU while streaming a backlog (the profile in BENCHMARKS.md, "Throughput"). A
 * {@link io.jobtail.api.messaging.Message}'s body is never changed once built (its contract), so
 * views are safe.
 *
 * <p>Each subscription (the client subscribes again when it resends a request) emits the body
 * from its start, in slices of at most {@value #SLICE} bytes, as many as requested; it follows
 * the Reactive Streams rules the client relies on: no more items than requested, no reentrant
 * {@code onNext} from {@code request}, and {@code onComplete} after the last slice.
 */
public final class ArrayBodyPublisher implements Flow.Publisher<ByteBuffer> {
    /** The largest view handed out at once: big enough for few system calls, small enough to write whole. */
    static final int SLICE = 256 * 1024;

    private final byte[] body;

    private ArrayBodyPublisher(byte[] body) {
        this.body = body;
    }

    /** A body publisher for {@code body}, which must not change while requests use it. */
    public static HttpRequest.BodyPublisher of(byte[] body) {
        Objects.requireNonNull(body, "body");
        if (body.length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(new ArrayBodyPublisher(body), body.length);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        subscriber.onSubscribe(new Slices(subscriber));
    }

    /** One pass over the body. Thread-safe: request and cancel may come from any thread. */
    private final class Slices implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        // Guarded by this.
        private long demand;
        private int next;
        private boolean emitting;
        private boolean done;

        Slices(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (done) {
                    return;
                }
                if (n <= 0) {
                    done = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (emitting) {
                        return; // the loop below, further up this thread's stack or on another, picks it up
                    }
                    emitting = true;
                }
            }
            if (n <= 0) {
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            emit();
        }

        private void emit() {
            while (true) {
                ByteBuffer slice;
                boolean last;
                synchronized (this) {
                    if (done || demand == 0) {
                        emitting = false;
                        return;
                    }
                    demand--;
                    int length = Math.min(SLICE, body.length - next);
                    slice = ByteBuffer.wrap(body, next, length).slice().asReadOnlyBuffer();
                    next += length;
                    last = next == body.length;
                    done = last;
                }
                subscriber.onNext(slice);
                if (last) {
                    subscriber.onComplete();
                    return;
                }
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }
}
