package io.jobtail.itests.karaf;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Bounded polling inside the container, for what Karaf does asynchronously (FileInstall polls
 * {@code deploy/} and {@code etc/} every second, SCR activates on its own threads). Every wait
 * names what it waited for. (The same idea as {@code io.jobtail.itests.Await}, which is not
 * deployed in Karaf: the probe holds only this module's classes.)
 */
final class Poll {
    private static final long INTERVAL_MILLIS = 100;

    private Poll() {
    }

    /**
     * Calls {@code probe} every 100 ms until it returns non-null, and returns that; an exception or
     * a failed assertion inside the probe counts as "not yet" (a service may be briefly absent
     * while SCR reactivates a component). Throws an {@link AssertionError} naming {@code what} after {@code limit}.
     */
    static <T> T until(Duration limit, String what, Callable<T> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("gave up after " + limit.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"), last);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
