package io.jobtail.streaming.time;

import java.time.Duration;

/** Waits. Tests substitute one that advances a fake clock instead. Thread-safe. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return d -> {
            long nanos = d.toNanos();
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
    }
}
