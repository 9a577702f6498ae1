package io.jobtail.cli.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceParserTest {
  private final SinceParser parser =
      new SinceParser(Clock.fixed(Instant.parse("2026-04-28T10:00:00Z"), ZoneOffset.UTC));

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "2026-04-28T10:00:00,             2026-04-28T10:00:00",
      "2026-04-28T10:00:00Z,            2026-04-28T10:00:00",
      "2026-04-28T12:30:00+02:30,       2026-04-28T10:00:00",
      "2026-04-28T05:00:00-0500,        2026-04-28T10:00:00",
      "2026-04-28 10:00:00,             2026-04-28T10:00:00",
      "'2026-04-28 10:00:00,250',       2026-04-28T10:00:00.250",
      "2026-04-28T10:00:00.1234567,     2026-04-28T10:00:00.123456",
      "2026-04-28,                      2026-04-28T00:00",
      "2026-04-28T10,                   2026-04-28T10:00",
      "'  2026-04-28T10:00:00  ',       2026-04-28T10:00:00",
      "90s,                             2026-04-28T09:58:30",
      "10m,                             2026-04-28T09:50:00",
      "2h,                              2026-04-28T08:00:00",
      "1d,                              2026-04-27T10:00:00",
      "0s,                              2026-04-28T10:00:00",
  })
  void parsesIsoTimestampsAndDurations(String value, String expected) {
    assertEquals(LocalDateTime.parse(expected), parser.parse(value));
  }

  @Test
  void durationsAreWallTimeInTheClocksZone() {
    SinceParser paris = new SinceParser(Clock.fixed(Instant.parse("2026-04-28T10:00:00Z"), ZoneId.of("Europe/Paris")));
    assertEquals(LocalDateTime.parse("2026-04-28T11:50:00"), paris.parse("10m"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-04-28T25:00:00", "2026-02-30", "10 m", "-5m", "1w", "2026/04/28",
      "2026-04-28T10:00:00."})
  void refusesAnythingElseNamingTheValue(String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parser.parse(value));
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void refusesAnEmptyValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parser.parse(" "));
    assertTrue(e.getMessage().startsWith("--since must be a non-empty timestamp"), e.getMessage());
  }
}
