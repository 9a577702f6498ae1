package io.jobtail.cli;

import java.time.Duration;

/**
 * Waits between polls. Injected so tests never wait: a fake records the requested pauses and
 * returns at once.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks the calling thread for about {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps with {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
