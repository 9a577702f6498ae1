package io.jobtail.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Names;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.host.Components;
import io.jobtail.host.Json;
import io.jobtail.host.Widgets;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessenger;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobtail stream --file F --job J --site S --server URL --token-file T [--pid N]}: the sidecar
 * for jobs that are not JVMs. Streams {@code F} live (a {@code JobLogStreamer}, found through
 * ServiceLoader like every component) until process {@code N} exits, or without {@code --pid} until
 * SIGTERM or SIGINT; then stops in two phases — {@code ABOUT_TO_END_RUN}, then {@code END_RUN}, which
 * drains the file to its end, sends EOF and waits for it (at most {@code --end-run-timeout}).
 *
 * <p>On a signal, the shutdown hook asks the command's thread to stop and waits for its drain (at
 * most the end-run timeout and a second) before the JVM ends. An unreachable server is retried
 * within {@code --retry-budget}, then given up with a warning; it never fails the command: the exit
 * code is 0 once the stream has stopped, 4 for bad arguments (nothing is streamed), as for the other
 * commands.
 */
@Command(name = "stream", description = "Sidecar: stream a job's log file to the server until a process exits or a stop signal arrives.")
public final class StreamCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;
  static final String STREAMER_TYPE = "io.jobtail.job.JobLogStreamer";

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The log file to follow (it may not exist yet).")
  Path file;

  @Option(names = "--job", required = true, paramLabel = "JOB", description = "The job the log belongs to.")
  String job;

  @Option(names = "--site", required = true, paramLabel = "SITE", description = "This site's name.")
  String site;

  @Option(names = "--server", paramLabel = "URL", description = "The server's URL (default: $JOBTAIL_SERVER).")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE", description = "This site's token file (default: $JOBTAIL_TOKEN_FILE).")
  Path tokenFile;

  @Option(names = "--pid", paramLabel = "PID", description = "Stop once this process has exited (default: stop on SIGTERM/SIGINT only).")
  Long pid;

  @Option(names = "--poll-interval", defaultValue = "0.5", paramLabel = "SECONDS", description = "Longest wait before looking for new data (default 0.5).")
  double pollInterval;

  @Option(names = "--retry-budget", defaultValue = "60", paramLabel = "SECONDS", description = "How long to ride out an unreachable server (default 60).")
  double retryBudget;

  @Option(names = "--end-run-timeout", defaultValue = "60", paramLabel = "SECONDS", description = "How long the final drain may take (default 60).")
  double endRunTimeout;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(false, out, err, "stream " + file, () -> {
      Optional<ProcessHandle> watched = pid == null ? Optional.empty() : ProcessHandle.of(pid);
      if (pid != null && (watched.isEmpty() || !watched.get().isAlive())) {
        throw ServerConnection.invalid("--pid " + pid + ": no such process is running");
      }
      URI uri = serverUri(server != null ? server : System.getenv(LogsCommand.SERVER_ENV));
      Path token = tokenFile != null ? tokenFile : Optional.ofNullable(System.getenv(LogsCommand.TOKEN_FILE_ENV)).map(Path::of).orElse(null);
      if (token == null || !Files.isReadable(token)) {
        throw ServerConnection.invalid("--token-file (or $" + LogsCommand.TOKEN_FILE_ENV + ") must name a readable token file, got "
            + (token == null ? "none" : "'" + token + "'"));
      }
      checkName("--job", job);
      checkName("--site", site);
      Path log = file.toAbsolutePath().normalize();
      if (Files.isDirectory(log)) {
        throw ServerConnection.invalid("--file " + file + " is a directory, not a log file");
      }
      Widgets streamer;
      Path link = null;
      Workspace workspace;
      String relative;
      Path jobDir = enclosingJobDir(log, job);
      if (jobDir != null) {
        workspace = new Workspace(jobDir.getParent());
        relative = jobDir.relativize(log).toString();
      } else {
        // JobLogStreamer streams only <root>/<job>/...: a private root whose <job> links to the file's directory
        Path root = Files.createTempDirectory("jobtail-stream-");
        link = Files.createSymbolicLink(root.resolve(job), log.getParent());
        workspace = new Workspace(root);
        relative = log.getFileName().toString();
      }
      try {
        streamer = new Widgets(Components.discover().create(config(relative), "jobtail stream"));
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid(e.getMessage());
      }
      JobContext ctx = JobContext.builder().jobId(job).identityName(site).processType(ProcessType.CLIENT_JOB)
          .workspace(workspace).jobMeta(Map.of(JobContext.META_JOB_ID, job))
          .engine(new StreamRunner(HttpMessenger.builder(uri).tokenFile(token).build())).build();
      try {
        run(streamer, ctx, watched);
      } finally {
        if (link != null) {
          Files.deleteIfExists(link);
          Files.deleteIfExists(link.getParent());
        }
      }
      return 0;
    });
  }

  /** Streams until the watched process ends or a signal arrives, then the two-phase stop. */
  private void run(Widgets streamer, JobContext ctx, Optional<ProcessHandle> watched) throws InterruptedException {
    CountDownLatch stopAsked = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    long drainMillis = Math.round(endRunTimeout * 1000) + 1000;
    Thread hook = new Thread(() -> {
      stopAsked.countDown();
      try {
        stopped.await(drainMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "jobtail-stream-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      streamer.fire(EventType.START_RUN.name(), ctx);
      watched.map(ProcessHandle::onExit).orElseGet(CompletableFuture::new).thenRun(stopAsked::countDown);
      stopAsked.await();
      streamer.fire(EventType.ABOUT_TO_END_RUN.name(), ctx);
      streamer.fire(EventType.END_RUN.name(), ctx);
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and has just been released
      }
    }
  }

  private ObjectNode config(String relative) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode entry = root.putArray("components").addObject();
    entry.put("id", "sidecar_streamer");
    entry.put("path", STREAMER_TYPE);
    entry.putObject("args").put("log_file_name", relative).put("poll_interval", pollInterval)
        .put("retry_budget", retryBudget).put("end_run_timeout", endRunTimeout);
    return root;
  }

  /** The directory named for the job that encloses the file (the launcher's {@code <ws>/<job>/...}), or null. */
  private static Path enclosingJobDir(Path log, String job) {
    for (Path dir = log.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
      if (dir.getFileName().toString().equals(job)) {
        return dir;
      }
    }
    return null;
  }

  private static URI serverUri(String url) throws CliFailure {
    if (url == null || url.isBlank()) {
      throw ServerConnection.invalid("--server (or $" + LogsCommand.SERVER_ENV + ") is required");
    }
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw ServerConnection.invalid("--server must be an http(s) URL, got '" + url + "'");
  }

  private static void checkName(String option, String value) throws CliFailure {
    String problem = Names.problem(value);
    if (problem != null) {
      throw ServerConnection.invalid(option + " '" + value + "' is not allowed: " + problem);
    }
  }
}
