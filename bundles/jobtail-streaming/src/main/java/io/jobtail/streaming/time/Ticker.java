package io.jobtail.streaming.time;

/** A monotonic time source in nanoseconds. Thread-safe. */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds since an arbitrary origin; only differences mean anything. */
    long nanos();

    /** The JVM's {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
