package io.jobtail.cli;

import static io.jobtail.cli.CommandRun.against;
import static io.jobtail.cli.CommandRun.run;
import static io.jobtail.cli.Fixtures.expected;
import static io.jobtail.cli.Fixtures.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden tests of {@code jobtail logs} output against known logs on a loopback fake server. */
class LogsCommandOutputTest {
  private FakeJobtailServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = FakeJobtailServer.start();
    // The server lists sites in its own order; "server" is deliberately not first.
    server.log("job1", "site-1", "log.txt", input("site-1-log.txt"))
        .log("job1", "server", "log.txt", input("server-log.txt"))
        .log("job1", "site-2", "log.txt", input("site-2-log.txt"))
        .site("job1", "site-3")
        .site("job1", "site-0");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void serverLogIsPrintedAloneWithoutHeader() {
    CommandRun run = run(against(server, "job1"));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(input("server-log.txt"), run.stdout);
    assertEquals("", run.stderr);
  }

  @Test
  void allSitesArePrintedUnderHeadersServerFirstWithUnavailableOnStderr() {
    CommandRun run = run(against(server, "job1", "--site", "all"));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(expected("all-human.stdout"), run.stdout);
    assertEquals(expected("all-human.stderr"), run.stderr);
  }

  @Test
  void sitesAliasSelectsTheSameSites() {
    assertEquals(expected("all-human.stdout"), run(against(server, "job1", "--sites", "all")).stdout);
  }

  @Test
  void jsonOutputHasTheWholePayloadInsideTheEnvelope() {
    CommandRun run = run(against(server, "job1", "--site", "all", "--file", "log.txt", "--json"));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(expected("all-json.json"), run.stdout);
    assertEquals("", run.stderr);
  }

  @ParameterizedTest(name = "--since {0} keeps {2}")
  @CsvSource({
      "2026-04-28T10:00:00,       2026-04-28T10:00:30Z,     since-10-00-00.txt",
      "2026-04-28T10:00:00Z,      2026-04-28T10:00:30Z,     since-10-00-00.txt",
      "2026-04-28T12:00:00+02:00, 2026-04-28T10:00:30Z,     since-10-00-00.txt",
      "2026-04-28 10:00:00,       2026-04-28T10:00:30Z,     since-10-00-00.txt",
      "'2026-04-28 10:00:00,5',   2026-04-28T10:00:30Z,     since-10-00-00-5.txt",
      "2026-04-28T09:59:59,       2026-04-28T10:00:30Z,     since-09-59-59.txt",
      "2026-04-28,                2026-04-28T10:00:30Z,     since-date-only.txt",
      "90s,                       2026-04-28T10:01:30Z,     since-10-00-00.txt",
      "10m,                       2026-04-28T10:10:00Z,     since-10-00-00.txt",
      "2h,                        2026-04-28T12:00:00.500Z, since-10-00-00-5.txt",
      "1d,                        2026-04-29T10:00:01Z,     since-10-00-01.txt",
  })
  void sinceKeepsTimestampedLinesAtOrAfterItWithTheirContinuationLines(String since, String now, String expected) {
    Clock clock = Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    CommandRun run = run(clock, against(server, "job1", "--since", since));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(expected(expected), run.stdout);
  }

  @Test
  void sinceAfterTheLastLineLeavesNoLogContent() {
    assertEquals("(no log content)\n", run(against(server, "job1", "--since", "2026-04-29")).stdout);
  }

  @Test
  void sinceLeavesALogWithoutTimestampsWholeAndSaysItWasNotApplied() {
    server.log("job1", "server", "log.json", input("no-timestamps-log.txt"));
    CommandRun run = run(against(server, "job1", "--json", "--since", "2026-04-28T10:00:00"));
    assertEquals(expected("no-timestamps-since.json"), run.stdout);
  }

  @Test
  void jsonLogRecordsAreRenderedAsTextForPeopleThroughTheLogJsonFallback() {
    server.log("job1", "site-4", "log.json", input("site-1-log.json"));
    CommandRun run = run(against(server, "job1", "--site", "site-4"));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(expected("json-log-rendered.txt"), run.stdout);
    assertTrue(server.requests().get(0).endsWith("site=site-4&file=log.txt"), server.requests().toString());
    assertTrue(server.requests().get(1).endsWith("site=site-4&file=log.json"), server.requests().toString());
  }

  @Test
  void sinceFiltersRenderedJsonRecordsByTheirLeadingTimestampForPeople() {
    server.log("job1", "site-4", "log.json", input("site-1-log.json"));
    CommandRun run = run(against(server, "job1", "--site", "site-4", "--since", "2026-04-28T10:00:00"));
    assertEquals(expected("json-log-rendered-since-10-00-00.txt"), run.stdout);
  }

  @Test
  void sinceFiltersJsonRecordsByAsctimeTimestampOrTimeInJsonMode() {
    server.log("job1", "site-1", "log.json", input("site-1-log.json"));
    CommandRun run = run(against(server, "job1", "--site", "site-1", "--json", "--since", "2026-04-28T10:00:00"));
    assertEquals(0, run.exitCode, run.stderr);
    assertEquals(expected("json-records-since.json"), run.stdout);
  }

  @Test
  void tailKeepsTheLastLines() {
    assertEquals(expected("tail-2.txt"), run(against(server, "job1", "--tail", "2")).stdout);
  }

  @Test
  void tailZeroLeavesNoLogContent() {
    assertEquals("(no log content)\n", run(against(server, "job1", "--tail", "0")).stdout);
  }

  @Test
  void maxBytesKeepsTheLastBytesAndDropsACharacterCutInTwo() {
    server.log("job1", "site-1", "log.json", input("utf8-log.txt"));
    CommandRun run = run(against(server, "job1", "--site", "site-1", "--json", "--max-bytes", "8"));
    assertEquals(expected("max-bytes-utf8.json"), run.stdout);
  }

  @Test
  void withoutAnyBoundOnlyTheLast500LinesArePrinted() {
    String log = IntStream.rangeClosed(1, 600).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    String last500 = IntStream.rangeClosed(101, 600).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    server.log("job1", "server", "log.txt", log);
    CommandRun run = run(against(server, "job1"));
    assertEquals(last500, run.stdout);
    CommandRun json = run(against(server, "job1", "--json", "--file", "log.txt"));
    assertTrue(json.stdout.contains("\"logs_truncated\": true, \"sites\": {\"server\": {\"available\": true, "
        + "\"lines\": 500, "), json.stdout);
    assertTrue(json.stdout.contains("\"filters\": {\"tail\": 500, \"since\": null, \"since_applied\": false, "
        + "\"max_bytes\": null, \"default_tail_applied\": true}"), json.stdout);
  }

  @Test
  void anyExplicitBoundDisablesTheDefaultTail() {
    String log = IntStream.rangeClosed(1, 600).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    server.log("job1", "server", "log.txt", log);
    assertEquals(log, run(against(server, "job1", "--max-bytes", "100000")).stdout);
  }

  @Test
  void filtersRunSinceThenTailThenMaxBytes() {
    // since .5 keeps L7-L9; tail 2 keeps L8-L9 (tail first would keep only L9); then the last 60 bytes.
    CommandRun run = run(against(server, "job1", "--since", "2026-04-28T10:00:00.5", "--tail", "2",
        "--max-bytes", "60"));
    assertEquals(expected("order-since-tail-bytes.txt"), run.stdout);
  }

  @Test
  void anUnavailableServerLogIsReportedOnStderrWithoutFailing() {
    server.log("job2", "site-1", "log.txt", "hello\n");
    CommandRun run = run(against(server, "job2"));
    assertEquals(0, run.exitCode);
    assertEquals("", run.stdout);
    assertEquals("Unavailable logs:\nserver: server log not available for this job\n", run.stderr);
  }

  @Test
  void theTokenFromTheTokenFileIsSentAsBearer() throws IOException {
    java.nio.file.Path tokenFile = java.nio.file.Files.createTempFile("jobtail-token", ".txt");
    try {
      java.nio.file.Files.writeString(tokenFile, "s3cret\n");
      server.requireToken("s3cret");
      CommandRun run = run(CommandRun.DEFAULT_CLOCK, java.util.Map.of("JOBTAIL_TOKEN_FILE", tokenFile.toString()),
          against(server, "job1"));
      assertEquals(0, run.exitCode, run.stderr);
      assertEquals("Bearer s3cret", server.authorizations().get(0));
    } finally {
      java.nio.file.Files.deleteIfExists(tokenFile);
    }
  }

  @Test
  void theServerComesFromJobtailServerWhenNoOptionIsGiven() {
    CommandRun run = run(CommandRun.DEFAULT_CLOCK, java.util.Map.of("JOBTAIL_SERVER", server.url()), "job1");
    assertEquals(input("server-log.txt"), run.stdout);
  }

  @Test
  void helpDescribesTheOptions() {
    CommandRun run = run("--help");
    assertEquals(0, run.exitCode);
    for (String option : new String[] {"JOB", "--site", "--sites", "--file", "--tail", "--since", "--max-bytes",
        "--follow", "--json", "--server", "--token-file"}) {
      assertTrue(run.stdout.contains(option), option + " missing from help:\n" + run.stdout);
    }
  }
}
