package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.output.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobtail stream}'s argument errors: exit 4 with a message naming the bad option, and nothing streamed. */
class StreamCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;
  private Path token;

  @BeforeEach
  void capture() throws Exception {
    savedOut = StreamCommand.out;
    savedErr = StreamCommand.err;
    StreamCommand.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    StreamCommand.err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    token = Files.writeString(dir.resolve("token"), "abc\n");
  }

  @AfterEach
  void restore() {
    StreamCommand.out = savedOut;
    StreamCommand.err = savedErr;
  }

  /** Runs {@code jobtail stream} with valid options, each of {@code changes} ("--option", value) replacing or adding one. */
  private int run(String... changes) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--file", dir.resolve("log.txt").toString());
    options.put("--job", "job-1");
    options.put("--site", "site-1");
    options.put("--server", "http://127.0.0.1:9");
    options.put("--token-file", token.toString());
    for (int i = 0; i < changes.length; i += 2) {
      options.put(changes[i], changes[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("stream"));
    options.forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    return Main.commandLine().execute(args.toArray(new String[0]));
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPidThatIsNotRunningIsAnInvalidArgument() {
    long gone = ProcessHandle.current().pid() + 4_000_000L;
    assertEquals(ExitCode.INVALID_ARGS, run("--pid", Long.toString(gone)));
    assertTrue(err().contains("--pid " + gone + ": no such process is running"), err());
  }

  @Test
  void aServerThatIsNotAnHttpUrlIsAnInvalidArgument() {
    assertEquals(ExitCode.INVALID_ARGS, run("--server", "ftp://example"));
    assertTrue(err().contains("--server must be an http(s) URL, got 'ftp://example'"), err());
  }

  @Test
  void aMissingTokenFileIsAnInvalidArgument() {
    assertEquals(ExitCode.INVALID_ARGS, run("--token-file", dir.resolve("nope").toString()));
    assertTrue(err().contains("must name a readable token file"), err());
  }

  @Test
  void anUnsafeJobIdIsAnInvalidArgument() {
    assertEquals(ExitCode.INVALID_ARGS, run("--job", "../x"));
    assertTrue(err().contains("--job '../x' is not allowed"), err());
  }

  @Test
  void aNegativePollIntervalIsRefusedByTheStreamerAndNamed() {
    assertEquals(ExitCode.INVALID_ARGS, run("--poll-interval", "-1"));
    assertTrue(err().contains("poll_interval"), err());
  }

  @Test
  void aFileNameTheServerCannotStoreIsAnInvalidArgument() {
    Path log = dir.resolve("my log.txt");
    assertEquals(ExitCode.INVALID_ARGS, run("--file", log.toString()));
    assertTrue(err().contains("--file " + log + ": log file " + log + ": the server stores a log under its file name, and "
        + "\"my log.txt\" is not allowed: it contains ' ' at position 2"), err());
  }

  @Test
  void theWatchedProcessEndingStopsTheStreamEvenWithTheServerDown() throws Exception {
    Process job = new ProcessBuilder("sleep", "1").start();
    try {
      Files.writeString(dir.resolve("log.txt"), "one line\n");
      long start = System.nanoTime();
      int code = run("--pid", Long.toString(job.pid()), "--retry-budget", "0.5", "--end-run-timeout", "20");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(ExitCode.OK, code, err());
      assertTrue(!job.isAlive(), "the command returned before the process it watches ended");
      // 1 s of job, then at most the retry budget and one backoff (5 s) for the attempt in progress
      assertTrue(millis < 1_000 + 500 + 5_000 + 2_000, "stopping took " + millis + " ms");
    } finally {
      job.destroyForcibly();
    }
  }
}
