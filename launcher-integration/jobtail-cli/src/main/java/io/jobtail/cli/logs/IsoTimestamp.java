package io.jobtail.cli.logs;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps the original CLI read, normalised as it normalised them: to a naive
 * date-time, converted to UTC when an offset is given and taken as it is when not, at microsecond
 * precision (Python's {@code datetime}).
 *
 * <p>Accepted, after trimming: {@code YYYY-MM-DD}, optionally followed by {@code T} or a space and
 * {@code HH[:MM[:SS[.fraction]]]}, a comma allowed for the decimal point, and an optional offset
 * {@code Z}, {@code ±HH}, {@code ±HHMM}, {@code ±HH:MM} or {@code ±HH:MM:SS}. This is the extended
 * ISO subset of Python's {@code datetime.fromisoformat} that log timestamps and people use; the
 * basic forms ({@code 20260428T100000}) and week dates are not accepted.
 */
final class IsoTimestamp {
  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})"
          + "(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?)?"
          + "(?:([+-])(\\d{2})(?::?(\\d{2})(?::?(\\d{2}))?)?)?)?");

  private IsoTimestamp() {}

  /** The normalised timestamp in {@code value}, or empty when it is not one. */
  static Optional<LocalDateTime> parse(String value) {
    String text = value.strip();
    if (text.endsWith("Z")) {
      text = text.substring(0, text.length() - 1) + "+00:00";
    }
    // As the original: the first space separates date and time; every comma is a decimal point.
    text = text.replaceFirst(" ", "T").replace(',', '.');
    Matcher m = ISO.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime ts = LocalDateTime.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          intOrZero(m.group(4)), intOrZero(m.group(5)), intOrZero(m.group(6)), micros(m.group(7)) * 1000);
      if (m.group(8) != null) {
        int sign = m.group(8).equals("-") ? -1 : 1;
        ZoneOffset offset = ZoneOffset.ofHoursMinutesSeconds(
            sign * Integer.parseInt(m.group(9)), sign * intOrZero(m.group(10)), sign * intOrZero(m.group(11)));
        ts = ts.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return Optional.of(ts.truncatedTo(ChronoUnit.MICROS));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static int intOrZero(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  /** Python keeps microseconds and drops further digits. */
  private static int micros(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String six = (fraction + "000000").substring(0, 6);
    return Integer.parseInt(six);
  }
}
