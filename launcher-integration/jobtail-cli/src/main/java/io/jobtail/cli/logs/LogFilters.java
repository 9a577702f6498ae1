package io.jobtail.cli.logs;

import java.time.LocalDateTime;

/**
 * The bounds a user asked for: {@code --tail}, {@code --since}, {@code --max-bytes}. When none of
 * the three is given the tail defaults to {@value #DEFAULT_TAIL_LINES} lines, as in the original.
 *
 * @param tail lines to keep per site, or null for all
 * @param sinceText {@code --since} as the user wrote it, or null
 * @param since {@code sinceText} parsed by {@link SinceParser}, or null
 * @param maxBytes bytes to keep per site, or null for all
 * @param defaultTailApplied whether {@code tail} is the default rather than the user's
 */
public record LogFilters(
    Integer tail, String sinceText, LocalDateTime since, Integer maxBytes, boolean defaultTailApplied) {

  /** The tail used when no bound is given. */
  public static final int DEFAULT_TAIL_LINES = 500;

  public LogFilters {
    if (tail != null && tail < 0) {
      throw new IllegalArgumentException("tail < 0: " + tail);
    }
    if (maxBytes != null && maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    }
    if ((sinceText == null) != (since == null)) {
      throw new IllegalArgumentException("since and sinceText must be given together: " + sinceText);
    }
  }

  /** The user's bounds, with the default tail when none is given. */
  public static LogFilters of(Integer tail, String sinceText, LocalDateTime since, Integer maxBytes) {
    boolean noBound = tail == null && sinceText == null && maxBytes == null;
    return new LogFilters(noBound ? Integer.valueOf(DEFAULT_TAIL_LINES) : tail, sinceText, since, maxBytes, noBound);
  }
}
