package io.jobtail.cli.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filters and line rules on small inputs whose results are worked out in the comments. */
class LogFiltersTest {
  private static final LocalDateTime TEN = LocalDateTime.parse("2026-04-28T10:00:00");

  @Test
  void linesSplitLikePythonSplitlines() {
    assertEquals(List.of("a\n", "b\r\n", "c\r", "d\u2028", "e"), LogLines.split("a\nb\r\nc\rd\u2028e", true));
    assertEquals(List.of("a", ""), LogLines.split("a\n\n", false));
    assertEquals(0, LogLines.count(""));
    assertEquals(1, LogLines.count("x\n"));
  }

  @Test
  void sinceDropsLinesBeforeTheFirstTimestamp() {
    // "pre" has no timestamp and comes before any: dropped; the trace rides with the 10:00:01 line.
    String log = "pre\n2026-04-28 10:00:01 x\n  trace\n";
    SinceFilter.Result result = SinceFilter.applyToText(log, TEN);
    assertEquals("2026-04-28 10:00:01 x\n  trace\n", result.text());
    assertTrue(result.applied());
  }

  @Test
  void sinceIgnoresATimestampThatIsNotAtTheStartOfTheLine() {
    String log = "2026-04-28 09:00:00 a\nsaw 2026-04-28 11:00:00 later\n";
    assertEquals("", SinceFilter.applyToText(log, TEN).text());
  }

  @Test
  void sinceTreatsAnImpossibleTimestampAsAContinuationLine() {
    String log = "2026-04-28 10:00:00 a\n2026-13-45 10:00:00 b\n";
    assertEquals(log, SinceFilter.applyToText(log, TEN).text());
  }

  @Test
  void sinceOnJsonRecordsDropsLinesWithoutAUsableTime() {
    // asctime is a number: str() gives "5", not a timestamp, so "timestamp" is used.
    String log = "{\"asctime\": 5, \"timestamp\": \"2026-04-28T10:00:00\"}\n{\"msg\": \"x\"}\n[1]\n";
    SinceFilter.Result result = SinceFilter.apply(log, TEN);
    assertEquals("{\"asctime\": 5, \"timestamp\": \"2026-04-28T10:00:00\"}\n", result.text());
    assertTrue(result.applied());
  }

  @Test
  void tailKeepsTheLastLinesAndSaysWhetherItCut() {
    assertEquals(new TailFilter.Result("b\nc", true), TailFilter.apply("a\nb\nc", 2));
    assertEquals(new TailFilter.Result("a\nb\n", false), TailFilter.apply("a\nb\n", 2));
    assertEquals(new TailFilter.Result("", true), TailFilter.apply("a\n", 0));
    assertEquals(new TailFilter.Result("", false), TailFilter.apply("", 0));
  }

  @Test
  void maxBytesNeverSplitsACharacter() {
    // "€" is E2 82 AC: the last 2 bytes start inside it, so only the newline is left.
    assertEquals(new ByteLimitFilter.Result("\n", true), ByteLimitFilter.apply("€\n", 3));
    assertEquals(new ByteLimitFilter.Result("€\n", true), ByteLimitFilter.apply("a€\n", 4));
    assertEquals(new ByteLimitFilter.Result("a€\n", false), ByteLimitFilter.apply("a€\n", 5));
    assertEquals(new ByteLimitFilter.Result("", true), ByteLimitFilter.apply("a", 0));
  }

  @Test
  void boundsCountWhatIsLeftPerSite() {
    LogFilters filters = LogFilters.of(1, null, null, null);
    BoundedLogs bounded = LogBounds.apply(Map.of("s", "a\nβ\n"), filters);
    assertEquals("β\n", bounded.logs().get("s"));
    assertEquals(new SiteSummary(1, 3, true), bounded.sites().get("s"));
    assertTrue(bounded.truncated());
    assertFalse(bounded.sinceApplied());
    assertFalse(filters.defaultTailApplied());
  }

  @Test
  void noBoundMeansTheDefaultTail() {
    LogFilters filters = LogFilters.of(null, null, null, null);
    assertEquals(500, filters.tail());
    assertTrue(filters.defaultTailApplied());
  }

  @Test
  void jsonRecordsRenderTheirPartsOrTheirJson() {
    assertEquals("1.5 - n - [1, 'a'] - {'k': True} - None?",
        JsonLogRecords.format(JsonLogRecords.parse(
            "{\"time\": 1.5, \"name\": \"n\", \"level\": [1, \"a\"], \"fl_ctx\": {\"k\": true}, \"msg\": \"None?\"}").get()));
    assertEquals("{\"x\": 0, \"y\": \"\\u00e9\", \"z\": 1e+16}",
        JsonLogRecords.format(JsonLogRecords.parse("{\"x\": 0, \"y\": \"é\", \"z\": 1e16}").get()));
    assertEquals("a\nb - c\n", JsonLogRecords.renderAsText("a\n\n{\"name\": \"b\", \"message\": \"c\"}"));
  }
}
