package io.jobtail.itests;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for multi-process tests, where real processes and real time are the point.
 * Every wait names what it waited for, so a failure says what never happened.
 */
public final class Await {
    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /** A probe that may throw; a thrown exception counts as "not yet". */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Polls {@code probe} every 100 ms until it returns non-null and returns that value; throws an
     * {@link AssertionError} naming {@code what} (and the probe's last exception) after {@code limit}.
     * Blocks the calling thread.
     */
    public static <T> T until(Duration limit, String what, Probe<T> probe) {
        long deadline = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                AssertionError failure = new AssertionError("gave up after " + limit.toMillis() + " ms waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"));
                if (last != null) {
                    failure.initCause(last);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** {@link #until} for a condition. */
    public static void condition(Duration limit, String what, Supplier<Boolean> condition) {
        until(limit, what, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }
}
