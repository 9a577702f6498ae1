package io.jobtail.cli.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value of {@code --since} into the naive date-time that log lines are compared with.
 *
 * <ul>
 *   <li>An ISO timestamp, as the original CLI: {@code 2026-04-28T10:00:00}, {@code …Z},
 *       {@code …+02:00}, a space instead of {@code T}, a comma for the decimal point. With an offset
 *       it is converted to UTC; without one it is compared as written with the (naive) timestamps
 *       in the log.
 *   <li>Beyond the original, a duration back from now: a whole number followed by {@code s},
 *       {@code m}, {@code h} or {@code d} ({@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}). "Now"
 *       is the injected clock's instant, read as wall time in the clock's zone, because loggers
 *       write their timestamps in local wall time.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class SinceParser {
  /** How the accepted forms are described in error messages. */
  public static final String ACCEPTED_FORMS =
      "accepted formats include ISO timestamps such as 2026-04-28T10:00:00 or 2026-04-28T10:00:00Z, "
          + "and durations such as 90s, 10m, 2h or 1d";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})([smhd])");

  private final Clock clock;

  public SinceParser(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The instant {@code value} stands for, as a naive date-time at microsecond precision.
   *
   * @throws IllegalArgumentException naming {@code value} when it is empty or neither form
   */
  public LocalDateTime parse(String value) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("--since must be a non-empty timestamp; " + ACCEPTED_FORMS);
    }
    Matcher duration = DURATION.matcher(text);
    if (duration.matches()) {
      return ago(Long.parseLong(duration.group(1)), duration.group(2).charAt(0), value);
    }
    Optional<LocalDateTime> timestamp = IsoTimestamp.parse(text);
    if (timestamp.isEmpty()) {
      throw new IllegalArgumentException("invalid --since timestamp: " + value + "; " + ACCEPTED_FORMS);
    }
    return timestamp.get();
  }

  private LocalDateTime ago(long amount, char unit, String value) {
    ChronoUnit chronoUnit;
    switch (unit) {
      case 's': chronoUnit = ChronoUnit.SECONDS; break;
      case 'm': chronoUnit = ChronoUnit.MINUTES; break;
      case 'h': chronoUnit = ChronoUnit.HOURS; break;
      default: chronoUnit = ChronoUnit.DAYS; break;
    }
    try {
      Duration back = Duration.of(amount, chronoUnit);
      return LocalDateTime.ofInstant(clock.instant().minus(back), clock.getZone())
          .truncatedTo(ChronoUnit.MICROS);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("--since duration is too large: " + value, e);
    }
  }
}
