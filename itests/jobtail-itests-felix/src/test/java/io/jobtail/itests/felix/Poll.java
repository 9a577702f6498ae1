package io.jobtail.itests.felix;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded polling for things that happen on other threads or processes; every wait names what it waited for. */
final class Poll {
    private Poll() {
    }

    /**
     * Calls {@code probe} every 100 ms until it returns non-null (a thrown exception counts as "not
     * yet") and returns that; fails naming {@code what} and the last exception after {@code limit}.
     */
    static <T> T until(Duration limit, String what, Callable<T> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("gave up after " + limit.toMillis() + " ms waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"), last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
