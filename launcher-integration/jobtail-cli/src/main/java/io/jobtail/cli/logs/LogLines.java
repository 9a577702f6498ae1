package io.jobtail.cli.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into lines exactly as Python's {@code str.splitlines} does, which is what the
 * original CLI used for tails, line counts and filters: a line ends at {@code \n}, {@code \r\n},
 * {@code \r}, {@code \u000b}, {@code \f}, {@code \u001c}, {@code \u001d}, {@code \u001e},
 * {@code \u0085}, {@code \u2028} or {@code \u2029}. A trailing terminator does not start an empty
 * last line, so {@code "a\n"} is one line and {@code ""} is none.
 */
public final class LogLines {
  private LogLines() {}

  /** The lines of {@code text}, each with its terminator when {@code keepEnds}, otherwise without. */
  public static List<String> split(String text, boolean keepEnds) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int length = text.length();
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (!isBreak(c)) {
        i++;
        continue;
      }
      int end = i;
      i++;
      if (c == '\r' && i < length && text.charAt(i) == '\n') {
        i++;
      }
      lines.add(text.substring(start, keepEnds ? i : end));
      start = i;
    }
    if (start < length) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  /** How many lines {@code text} has, as {@code len(text.splitlines())}. */
  public static int count(String text) {
    return split(text, false).size();
  }

  private static boolean isBreak(char c) {
    switch (c) {
      case '\n': case '\r': case '\u000b': case '\f': case '\u001c': case '\u001d': case '\u001e':
      case '\u0085': case '\u2028': case '\u2029':
        return true;
      default:
        return false;
    }
  }
}
