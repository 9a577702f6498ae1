package io.jobtail.api;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot flag, like an abort signal: once triggered it stays triggered.
 *
 * <p>Thread-safe. {@link #trigger()} is idempotent.
 */
public final class Signal {
    private final CountDownLatch latch = new CountDownLatch(1);

    /** Triggers the signal; later calls do nothing. */
    public void trigger() {
        latch.countDown();
    }

    /** True once {@link #trigger()} has been called. */
    public boolean isTriggered() {
        return latch.getCount() == 0;
    }

    /**
     * Blocks until the signal is triggered or the timeout passes.
     *
     * @return true if the signal was triggered
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return latch.await(timeout, unit);
    }

    @Override
    public String toString() {
        return isTriggered() ? "Signal[triggered]" : "Signal[armed]";
    }
}
