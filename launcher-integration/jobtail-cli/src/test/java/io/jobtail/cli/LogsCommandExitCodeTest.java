package io.jobtail.cli;

import static io.jobtail.cli.CommandRun.against;
import static io.jobtail.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures: which exit code, what is printed, and that invalid arguments send nothing. */
class LogsCommandExitCodeTest {
  private FakeJobtailServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = FakeJobtailServer.start();
    server.log("job1", "server", "log.txt", "2026-04-28 10:00:00,000 - ServerRunner - INFO - hello\n")
        .site("job1", "site-3");
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void anUnknownJobExitsOneWithJobNotFound() {
    CommandRun run = run(against(server, "nope"));
    assertEquals(1, run.exitCode);
    assertEquals("", run.stdout);
    assertEquals("Job 'nope' does not exist. \u2014 no job 'nope'\n"
        + "Hint: Use 'jobtail jobs list' to see available job IDs.\n"
        + "Code: JOB_NOT_FOUND (exit 1)\n", run.stderr);
  }

  @Test
  void anUnknownJobInJsonModePrintsTheErrorEnvelope() {
    CommandRun run = run(against(server, "nope", "--json"));
    assertEquals(1, run.exitCode);
    assertEquals("{\"schema_version\": \"1\", \"status\": \"error\", \"exit_code\": 1, \"error_code\": \"JOB_NOT_FOUND\", "
        + "\"message\": \"Job 'nope' does not exist. \\u2014 no job 'nope'\", "
        + "\"hint\": \"Use 'jobtail jobs list' to see available job IDs.\"}\n", run.stdout);
    assertEquals("", run.stderr);
  }

  @Test
  void aNamedSiteWithoutALogExitsOneWithLogNotFound() {
    CommandRun run = run(against(server, "job1", "--site", "site-3"));
    assertEquals(1, run.exitCode);
    assertEquals("", run.stdout);
    assertTrue(run.stderr.startsWith("No 'log.txt' or 'log.json' log for site 'site-3' of job 'job1'. \u2014 "
        + "client log stream not available for this job\n"), run.stderr);
    assertTrue(run.stderr.endsWith("Code: LOG_NOT_FOUND (exit 1)\n"), run.stderr);
  }

  @Test
  void aRefusedConnectionExitsTwo() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    CommandRun run = run("--server", "http://127.0.0.1:" + port, "job1");
    assertEquals(2, run.exitCode);
    assertTrue(run.stderr.startsWith("Could not connect to the Jobtail server. \u2014 GET http://127.0.0.1:" + port
        + "/v1/jobs/job1/logs?site=server&file=log.txt"), run.stderr);
    assertTrue(run.stderr.endsWith("Code: CONNECTION_FAILED (exit 2)\n"), run.stderr);
  }

  @Test
  void aRejectedTokenExitsFiveWithAuthFailed() throws IOException {
    Path tokenFile = Files.createTempFile("jobtail-token", ".txt");
    try {
      Files.writeString(tokenFile, "wrong");
      server.requireToken("s3cret");
      CommandRun run = run(against(server, "job1", "--token-file", tokenFile.toString()));
      assertEquals(5, run.exitCode);
      assertTrue(run.stderr.startsWith("Authentication failed. \u2014 the server answered HTTP 401"), run.stderr);
      assertTrue(run.stderr.endsWith("Code: AUTH_FAILED (exit 5)\n"), run.stderr);
    } finally {
      Files.deleteIfExists(tokenFile);
    }
  }

  @Test
  void aServerErrorExitsFive() {
    server.failEveryRequestWith(500);
    CommandRun run = run(against(server, "job1"));
    assertEquals(5, run.exitCode);
    assertTrue(run.stderr.startsWith("Unexpected answer from the Jobtail server. \u2014 HTTP 500"), run.stderr);
    assertTrue(run.stderr.endsWith("Code: INTERNAL_ERROR (exit 5)\n"), run.stderr);
  }

  @ParameterizedTest(name = "{0} {1} is refused naming {2}")
  @CsvSource({
      "--tail,       -1,               '--tail must be >= 0, got -1'",
      "--tail,       ten,              '--tail must be a non-negative integer, got ''ten'''",
      "--max-bytes,  -5,               '--max-bytes must be >= 0, got -5'",
      "--max-bytes,  1k,               '--max-bytes must be a non-negative integer, got ''1k'''",
      "--since,      yesterday,        'invalid --since timestamp: yesterday'",
      "--since,      2026-13-01,       'invalid --since timestamp: 2026-13-01'",
      "--since,      10x,              'invalid --since timestamp: 10x'",
      "--server,     ftp://host,       '--server must be an http(s) URL such as http://127.0.0.1:8443, got ''ftp://host'''",
      "--file,       ../log.txt,       '--file must be a plain file name such as log.txt, got ''../log.txt'''",
      "--token-file, /no/such/token,   'cannot read --token-file ''/no/such/token'''",
  })
  void anInvalidArgumentExitsFourBeforeAnythingIsSent(String option, String value, String named) {
    CommandRun run = "--server".equals(option)
        ? run("job1", option, value)
        : run(against(server, "job1", option, value));
    assertEquals(4, run.exitCode, run.stderr);
    assertTrue(run.stderr.startsWith("Invalid arguments. \u2014 " + named), run.stderr);
    assertTrue(run.stderr.endsWith("Code: INVALID_ARGS (exit 4)\n"), run.stderr);
    assertEquals(0, server.requests().size(), server.requests().toString());
  }

  @Test
  void followWithJsonIsAnInvalidCombination() {
    CommandRun run = run(against(server, "job1", "--follow", "--json"));
    assertEquals(4, run.exitCode);
    assertTrue(run.stdout.contains("\"error_code\": \"INVALID_ARGS\""), run.stdout);
    assertTrue(run.stdout.contains("--follow cannot be combined with --json"), run.stdout);
    assertEquals(0, server.requests().size());
  }

  @Test
  void anEmptyTokenFileFromTheEnvironmentIsInvalid() throws IOException {
    Path tokenFile = Files.createTempFile("jobtail-token", ".txt");
    try {
      CommandRun run = run(CommandRun.DEFAULT_CLOCK, Map.of("JOBTAIL_TOKEN_FILE", tokenFile.toString()),
          against(server, "job1"));
      assertEquals(4, run.exitCode);
      assertTrue(run.stderr.startsWith("Invalid arguments. \u2014 JOBTAIL_TOKEN_FILE '" + tokenFile + "'"), run.stderr);
      assertEquals(0, server.requests().size());
    } finally {
      Files.deleteIfExists(tokenFile);
    }
  }

  @Test
  void anUnknownOptionOrAMissingJobExitsFour() {
    CommandRun unknown = run(against(server, "job1", "--colour"));
    assertEquals(4, unknown.exitCode);
    assertTrue(unknown.stderr.startsWith("Invalid arguments. \u2014 Unknown option: '--colour'"), unknown.stderr);
    CommandRun missing = run(against(server));
    assertEquals(4, missing.exitCode);
    assertTrue(missing.stderr.contains("JOB"), missing.stderr);
    assertEquals(0, server.requests().size());
  }
}
