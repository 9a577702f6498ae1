package io.jobtail.transport.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ArrayBodyPublisherTest {

    /** Records what it is given; requests {@code perRequest} items at a time, from inside onNext as the HTTP client does. */
    private static final class Recorder implements Flow.Subscriber<ByteBuffer> {
        final List<ByteBuffer> items = new ArrayList<>();
        final int perRequest;
        Flow.Subscription subscription;
        int completions;
        Throwable error;
        boolean autoRequest = true;

        Recorder(int perRequest) {
            this.perRequest = perRequest;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(perRequest);
        }

        @Override
        public void onNext(ByteBuffer item) {
            items.add(item);
            if (autoRequest && items.size() % perRequest == 0) {
                subscription.request(perRequest); // reentrant, like the client's write loop
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onComplete() {
            completions++;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuffer b : items) {
                ByteBuffer copy = b.duplicate();
                byte[] a = new byte[copy.remaining()];
                copy.get(a);
                out.writeBytes(a);
            }
            return out.toByteArray();
        }
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void emitsTheWholeBodyInOrderInBoundedReadOnlySlicesThenCompletesOnce() {
        byte[] body = body(3 * ArrayBodyPublisher.SLICE + 123);
        HttpRequest.BodyPublisher publisher = ArrayBodyPublisher.of(body);
        assertEquals(body.length, publisher.contentLength());
        Recorder r = new Recorder(1);
        publisher.subscribe(r);
        assertArrayEquals(body, r.bytes());
        assertEquals(4, r.items.size());
        for (ByteBuffer b : r.items) {
            assertTrue(b.isReadOnly(), "a slice the client could write into would change the message's body");
            assertTrue(b.remaining() <= ArrayBodyPublisher.SLICE);
        }
        assertEquals(1, r.completions);
        assertEquals(null, r.error);
    }

    @Test
    void neverEmitsMoreThanRequested() {
        byte[] body = body(5 * ArrayBodyPublisher.SLICE);
        Recorder r = new Recorder(2);
        r.autoRequest = false;
        ArrayBodyPublisher.of(body).subscribe(r);
        assertEquals(2, r.items.size());
        assertEquals(0, r.completions);
        r.subscription.request(1);
        assertEquals(3, r.items.size());
        r.subscription.request(Long.MAX_VALUE);
        r.subscription.request(Long.MAX_VALUE); // no overflow
        assertArrayEquals(body, r.bytes());
        assertEquals(1, r.completions);
    }

    @Test
    void everySubscriptionStartsFromTheFirstByte() {
        byte[] body = body(ArrayBodyPublisher.SLICE + 10);
        HttpRequest.BodyPublisher publisher = ArrayBodyPublisher.of(body);
        Recorder first = new Recorder(1);
        first.autoRequest = false;
        publisher.subscribe(first);
        Recorder again = new Recorder(1); // the client resending the request
        publisher.subscribe(again);
        assertArrayEquals(body, again.bytes());
        assertEquals(1, first.items.size());
    }

    @Test
    void cancelStopsTheSlicesAndANonPositiveRequestIsAnError() {
        byte[] body = body(4 * ArrayBodyPublisher.SLICE);
        Recorder cancelled = new Recorder(1);
        cancelled.autoRequest = false;
        ArrayBodyPublisher.of(body).subscribe(cancelled);
        cancelled.subscription.cancel();
        cancelled.subscription.request(10);
        assertEquals(1, cancelled.items.size());
        assertEquals(0, cancelled.completions);

        Recorder bad = new Recorder(1);
        bad.autoRequest = false;
        ArrayBodyPublisher.of(body).subscribe(bad);
        bad.subscription.request(0);
        assertInstanceOf(IllegalArgumentException.class, bad.error);
        bad.subscription.request(5);
        assertEquals(1, bad.items.size());
    }

    @Test
    void anEmptyBodyHasNoSlices() {
        Recorder r = new Recorder(1);
        HttpRequest.BodyPublisher publisher = ArrayBodyPublisher.of(new byte[0]);
        assertEquals(0, publisher.contentLength());
        publisher.subscribe(r);
        assertTrue(r.items.isEmpty());
        assertFalse(r.error != null);
    }
}
