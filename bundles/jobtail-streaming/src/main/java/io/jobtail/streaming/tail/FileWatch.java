package io.jobtail.streaming.tail;

import java.time.Duration;

/**
 * Waits for a change to one file. Used by one thread at a time; {@link #close()} is idempotent.
 */
public interface FileWatch extends AutoCloseable {

    /**
     * Blocks until the file may have changed or {@code max} has passed, whichever is first. A
     * spurious early return is allowed (the caller just reads and finds nothing); a late one is not.
     */
    void awaitChange(Duration max) throws InterruptedException;

    /** Stops watching. */
    @Override
    void close();
}
