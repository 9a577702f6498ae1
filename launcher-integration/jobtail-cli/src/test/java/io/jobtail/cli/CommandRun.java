package io.jobtail.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code jobtail logs} in-process with captured output, a fixed clock and a sleeper that never waits. */
final class CommandRun {
  static final Clock DEFAULT_CLOCK = Clock.fixed(Instant.parse("2026-04-28T10:00:30Z"), ZoneOffset.UTC);

  final int exitCode;
  final byte[] stdoutBytes;
  final String stdout;
  final String stderr;
  final List<Duration> sleeps;

  private CommandRun(int exitCode, byte[] out, String err, List<Duration> sleeps) {
    this.exitCode = exitCode;
    this.stdoutBytes = out;
    this.stdout = new String(out, StandardCharsets.UTF_8);
    this.stderr = err;
    this.sleeps = sleeps;
  }

  static CommandRun run(String... args) {
    return run(DEFAULT_CLOCK, Map.of(), args);
  }

  static CommandRun run(Clock clock, String... args) {
    return run(clock, Map.of(), args);
  }

  static CommandRun run(Clock clock, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    List<Duration> sleeps = new ArrayList<>();
    LogsCommand command = new LogsCommand(clock, outStream, errStream, HttpClientFactory.standard(),
        sleeps::add, Duration.ofMillis(200), env::get);
    CommandLine commandLine = new CommandLine(command)
        .setParameterExceptionHandler(new InvalidArgumentsHandler(outStream, errStream));
    commandLine.setOut(new java.io.PrintWriter(outStream, true));
    commandLine.setErr(new java.io.PrintWriter(errStream, true));
    int exit = commandLine.execute(args);
    return new CommandRun(exit, out.toByteArray(), new String(err.toByteArray(), StandardCharsets.UTF_8), sleeps);
  }

  /** {@code args} with {@code --server url} in front. */
  static String[] against(FakeJobtailServer server, String... args) {
    String[] all = Arrays.copyOf(new String[] {"--server", server.url()}, args.length + 2);
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }
}
