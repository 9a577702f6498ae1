package io.jobtail.cli;

import static io.jobtail.cli.CommandRun.against;
import static io.jobtail.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.FakeJobtailServer.GrowingLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --follow} against a fake server whose logs grow one piece per read. */
class LogsCommandFollowTest {
  private static final byte[] CHECK_MARK = "\u2713".getBytes(StandardCharsets.UTF_8);

  private FakeJobtailServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = FakeJobtailServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void followPrintsTheWholeLogAsItGrowsAndExitsWhenComplete() {
    // Pieces end mid-line and mid-character; the last line has no newline.
    byte[] first = bytes("line 1\nline 2\npart");
    byte[] second = concat(bytes("ial 3\nline 4 "), Arrays.copyOf(CHECK_MARK, 2));
    byte[] third = concat(Arrays.copyOfRange(CHECK_MARK, 2, 3), bytes("\nline 5 without newline"));
    server.log("job1", "server", "log.txt", new GrowingLog(0, first, second, third));

    CommandRun run = run(against(server, "job1", "--follow"));

    assertEquals(0, run.exitCode, run.stderr);
    assertArrayEquals(concat(first, second, third), run.stdoutBytes, run.stdout);
    assertEquals("", run.stderr);
    assertEquals(List.of(Duration.ofMillis(200)), run.sleeps);
  }

  @Test
  void followWaitsForALogThatHasNotAppearedYet() {
    server.log("job1", "site-1", "log.txt", new GrowingLog(3, bytes("a\n"), bytes("b\n")));

    CommandRun run = run(against(server, "job1", "--site", "site-1", "--follow"));

    assertEquals(0, run.exitCode, run.stderr);
    assertEquals("a\nb\n", run.stdout);
    assertEquals("Unavailable logs:\nsite-1: client log stream not available for this job\n", run.stderr);
    // snapshot 404, poll 404, poll 404 (hidden reads used up), then a\n, then b\n complete
    assertEquals(3, run.sleeps.size());
  }

  @Test
  void followStopsWaitingForALogThatNeverAppearedOnceTheJobHasEnded() {
    server.site("job1", "site-1").site("job1", "site-2").status("job1", "FINISHED_OK")
        .log("job1", "site-1", "log.txt", new GrowingLog(0, bytes("a\n")));

    CommandRun run = run(against(server, "job1", "--site", "all", "--follow"));

    assertEquals(0, run.exitCode, run.stderr);
    assertTrue(run.stdout.contains("a\n"), run.stdout);
    assertTrue(run.stderr.contains("site-2: no log.txt reached the server and job job1 has ended (FINISHED_OK); "
        + "not waiting for it"), run.stderr);
    assertTrue(run.sleeps.size() <= 2, "bounded: one poll after seeing the job ended, got " + run.sleeps);
  }

  @Test
  void followOfAllSitesPrintsAHeaderWhenTheOutputSwitchesSite() {
    server.log("job1", "site-1", "log.txt", new GrowingLog(0, bytes("C1\n"), bytes("C2\n")))
        .log("job1", "server", "log.txt", new GrowingLog(0, bytes("S1\n"), bytes("S2\n")));

    CommandRun run = run(against(server, "job1", "--site", "all", "--follow"));

    assertEquals(0, run.exitCode, run.stderr);
    assertEquals("===== server =====\nS1\n"
        + "\n===== site-1 =====\nC1\n"
        + "\n===== server =====\nS2\n"
        + "\n===== site-1 =====\nC2\n", run.stdout);
  }

  @Test
  void followAppliesTheFiltersToWhatIsAlreadyThere() {
    server.log("job1", "server", "log.txt", new GrowingLog(0, bytes("one\ntwo\nthree\n"), bytes("four\n")));

    CommandRun run = run(against(server, "job1", "--follow", "--tail", "1"));

    assertEquals("three\nfour\n", run.stdout);
  }

  @Test
  void followRendersJsonRecordsForPeople() {
    server.log("job1", "server", "log.json", new GrowingLog(0,
        bytes("{\"asctime\": \"2026-04-28 10:00:00,000\", \"name\": \"S\", \"levelname\": \"INFO\", \"message\": \"a\"}\n"),
        bytes("{\"asctime\": \"2026-04-28 10:00:01,000\", \"name\": \"S\", \"levelname\": \"INFO\", \"message\": \"b\"}\n")));

    CommandRun run = run(against(server, "job1", "--follow", "--file", "log.json"));

    assertEquals("2026-04-28 10:00:00,000 - S - INFO - a\n2026-04-28 10:00:01,000 - S - INFO - b\n", run.stdout);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
