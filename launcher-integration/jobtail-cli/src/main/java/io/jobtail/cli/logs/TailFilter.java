package io.jobtail.cli.logs;

import java.util.List;

/** Keeps the last N lines of a log (lines as {@link LogLines} splits them). */
public final class TailFilter {
  /** The kept text and whether lines were dropped. */
  public record Result(String text, boolean truncated) {}

  private TailFilter() {}

  /**
   * The last {@code lines} lines of {@code text}, terminators included; {@code text} unchanged
   * when {@code lines} is null or the log is not longer.
   *
   * @throws IllegalArgumentException if {@code lines} is negative
   */
  public static Result apply(String text, Integer lines) {
    if (lines != null && lines < 0) {
      throw new IllegalArgumentException("tail < 0: " + lines);
    }
    List<String> all = LogLines.split(text, true);
    if (lines == null || all.size() <= lines) {
      return new Result(text, false);
    }
    return new Result(String.join("", all.subList(all.size() - lines, all.size())), true);
  }
}
