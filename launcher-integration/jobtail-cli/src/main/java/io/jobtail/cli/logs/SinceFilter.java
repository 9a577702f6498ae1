package io.jobtail.cli.logs;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the part of a log written at or after a point in time.
 *
 * <p>Text logs: a line's time is the timestamp it starts with, optionally after a {@code [}
 * ({@code 2026-04-28 10:00:00,123 …}, {@code [2026-04-28T10:00:00.5] …}). A line without one (a
 * stack trace, a wrapped message) is kept or dropped with the last timestamped line before it;
 * lines before the first timestamp are dropped. Line-based, so heavily interleaved logs can come
 * out imperfect — as in the original.
 *
 * <p>JSON logs ({@link JsonLogRecords#looksLikeJsonLog}): each record is kept when its {@code
 * asctime}/{@code timestamp}/{@code time} is at or after the point; lines that are not records or
 * have no usable time are dropped.
 *
 * <p>Either way, a log in which no timestamp was found at all is returned whole and the filter
 * reports that it was not applied.
 */
public final class SinceFilter {
  private static final Pattern LEADING_TIMESTAMP =
      Pattern.compile("^\\[?([0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?)");

  /** The filtered text and whether any timestamp was found (the filter was applied). */
  public record Result(String text, boolean applied) {}

  private SinceFilter() {}

  /** Filters {@code text}, choosing the JSON-record or the text rules by what the log looks like. */
  public static Result apply(String text, LocalDateTime since) {
    return JsonLogRecords.looksLikeJsonLog(text) ? applyToJsonRecords(text, since) : applyToText(text, since);
  }

  /** The text rules: leading timestamps, continuation lines kept with their timestamped line. */
  public static Result applyToText(String text, LocalDateTime since) {
    StringBuilder kept = new StringBuilder();
    boolean keepCurrent = false;
    boolean sawTimestamp = false;
    for (String line : LogLines.split(text, true)) {
      Optional<LocalDateTime> ts = leadingTimestamp(line);
      if (ts.isPresent()) {
        sawTimestamp = true;
        keepCurrent = !ts.get().isBefore(since);
      }
      if (keepCurrent) {
        kept.append(line);
      }
    }
    return sawTimestamp ? new Result(kept.toString(), true) : new Result(text, false);
  }

  /** The JSON-record rules: records at or after {@code since} kept, everything else dropped. */
  public static Result applyToJsonRecords(String text, LocalDateTime since) {
    StringBuilder kept = new StringBuilder();
    boolean sawTimestamp = false;
    for (String line : LogLines.split(text, true)) {
      Optional<LocalDateTime> ts = JsonLogRecords.parse(line).flatMap(JsonLogRecords::timestamp);
      if (ts.isEmpty()) {
        continue;
      }
      sawTimestamp = true;
      if (!ts.get().isBefore(since)) {
        kept.append(line);
      }
    }
    return sawTimestamp ? new Result(kept.toString(), true) : new Result(text, false);
  }

  static Optional<LocalDateTime> leadingTimestamp(String line) {
    Matcher m = LEADING_TIMESTAMP.matcher(line);
    return m.find() ? IsoTimestamp.parse(m.group(1)) : Optional.empty();
  }
}
