package io.jobtail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.transport.http.SiteTokens;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobtail demo}: provisions into a temporary directory, starts a server and two sites as
 * separate processes on loopback, submits {@code io.jobtail.host.demo.SampleJob} (ten seconds of
 * logging with rotations, an ERROR line and lines after END_RUN), follows both sites' logs live with
 * {@code jobtail logs --follow}, and checks that every server copy is byte-identical to what the
 * site wrote. Every process it started is stopped at the end, on failure and on Ctrl-C.
 */
@Command(name = "demo", description = "Run a server, two sites and a sample job on this machine, live.")
public final class DemoCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> SITES = List.of("site-1", "site-2");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

  @Option(names = "--seconds", defaultValue = "10", paramLabel = "N", description = "How long the sample job logs (default 10).")
  int seconds;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the demo's files (default: a new temporary directory).")
  Path dir;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    ChildProcesses children = new ChildProcesses();
    Thread cleanup = new Thread(children::close, "jobtail-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return CommandEdge.run(false, out, err, "demo", () -> run(children));
    } finally {
      children.close();
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }
  }

  private int run(ChildProcesses children) throws Exception {
    if (seconds <= 0) {
      throw ServerConnection.invalid("--seconds must be > 0, got " + seconds);
    }
    Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("jobtail-demo-");
    Path tokens = root.resolve("provision");
    say("Demo directory: " + root);
    SiteTokens.provision(List.of("site-1", "site-2", "admin"), tokens);

    Path serverWs = tokens.resolve(SiteTokens.SERVER_DIR);
    Process server = children.start(root.resolve("server.out"), "server", "--workspace", serverWs.toString(), "--port", "0");
    String url = awaitUrl(serverWs.resolve("server.url"), server, root.resolve("server.out"));
    say("Server at " + url + " (output in " + root.resolve("server.out") + ")");
    for (String site : SITES) {
      children.start(root.resolve(site + ".out"), "site", "--name", site, "--server", url,
          "--workspace", root.resolve(site).toString(), "--token-file", tokens.resolve(site).resolve("token").toString());
      say("Site " + site + " started (workspace " + root.resolve(site) + ")");
    }

    String adminToken = tokens.resolve("admin").resolve("token").toString();
    JobsClient client = new JobsClient(HttpClientFactory.standard().create(), url,
        Files.readString(Path.of(adminToken), StandardCharsets.US_ASCII).strip());
    Map<String, Object> definition = Map.of(
        "name", "sample",
        "sites", SITES,
        "work", Map.of("main_class", "io.jobtail.host.demo.SampleJob", "args", List.of(Integer.toString(seconds))),
        "logging", Map.of("max_file_size", "40KB", "max_index", 100));
    String jobId = client.submit(MAPPER.writeValueAsBytes(definition)).path("job_id").asText();
    say("Submitted job " + jobId + "; following its logs (jobtail logs " + jobId + " --site all --follow):");

    Thread follower = new Thread(() -> new CommandLine(new LogsCommand()).execute(jobId, "--site", "all", "--file", "log.txt",
        "--follow", "--server", url, "--token-file", adminToken), "jobtail-demo-follow");
    follower.setDaemon(true);
    follower.start();
    JsonNode job = awaitEnd(client, jobId);
    follower.join(Duration.ofSeconds(30).toMillis());
    if (follower.isAlive()) {
      say("(the follower has not seen the logs complete within 30 s after the job ended; checking anyway)");
    }
    say("");
    say("Job " + jobId + " ended: " + job.path("status").asText());

    boolean allIdentical = true;
    for (String site : SITES) {
      for (String file : List.of("log.txt", "error_log.txt")) {
        Path copy = serverWs.resolve("store").resolve(jobId).resolve(site).resolve(file);
        awaitNotStreaming(copy.resolveSibling(file + ".state.json"));
        LogCopies.Comparison c = LogCopies.compare(root.resolve(site).resolve(jobId).resolve(file), copy);
        allIdentical &= c.identical();
        say(String.format("%s %-13s %s: %d bytes at the site (%d rotation(s)), %d bytes on the server — %s",
            c.identical() ? "OK  " : "FAIL", file, site, c.siteBytes(), c.rotations(), c.serverBytes(), c.detail()));
      }
    }
    say(allIdentical ? "Every server copy is byte-identical to what the sites wrote."
        : "Some server copies differ from what the sites wrote (see above; files kept in " + root + ").");
    if (!allIdentical) {
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "The demo's logs are not identical.", "files kept in " + root);
    }
    return 0;
  }

  private static String awaitUrl(Path urlFile, Process server, Path output) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (Files.exists(urlFile)) {
        return Files.readString(urlFile, StandardCharsets.UTF_8).strip();
      }
      if (!server.isAlive()) {
        throw new CliFailure(ErrorCode.INTERNAL_ERROR, "The demo server exited with " + server.exitValue() + ".",
            "see " + output);
      }
      Thread.sleep(100);
    }
    throw new CliFailure(ErrorCode.CONNECTION_FAILED, "The demo server did not start within " + START_TIMEOUT.toSeconds() + " s.",
        "no " + urlFile + "; see " + output);
  }

  private static JsonNode awaitEnd(JobsClient client, String jobId) throws Exception {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (true) {
      JsonNode job = client.get(jobId);
      String status = job.path("status").asText();
      if (status.startsWith("FINISHED") || status.equals("ABORTED")) {
        return job;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new CliFailure(ErrorCode.TIMEOUT, "The demo job did not end within " + JOB_TIMEOUT.toSeconds() + " s.",
            "job " + jobId + " is " + status);
      }
      Thread.sleep(300);
    }
  }

  /** Waits (at most 30 s) until the receiver no longer marks a log STREAMING. */
  private static void awaitNotStreaming(Path state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() - deadline < 0) {
      try {
        JsonNode node = MAPPER.readTree(Files.readAllBytes(state));
        if (node != null && !"STREAMING".equals(node.path("status").asText())) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // absent or being replaced
      }
      Thread.sleep(200);
    }
  }

  private static void say(String line) {
    ErrorOutput.writeLine(out, line);
  }
}
