package io.jobtail.cli;

import io.jobtail.api.Names;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.job.JobLogSession;
import io.jobtail.job.JobLogStreamerSettings;
import io.jobtail.transport.http.HttpMessenger;
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
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jobtail stream --file F --job J --site S --server URL --token-file T [--pid N]}: the sidecar
 * for jobs that are not JVMs. Streams {@code F}, wherever it is, live (a {@link JobLogSession}: the
 * same {@code JobLogStreamer} and run events as the java agent's) until process {@code N} exits, or
 * without {@code --pid} until SIGTERM or SIGINT; then stops in two phases — {@code ABOUT_TO_END_RUN},
 * then {@code END_RUN}, which drains the file to its end, sends EOF and waits for it (at most
 * {@code --end-run-timeout}). The server stores the log under {@code F}'s file name, which must be
 * a safe name (letters, digits, {@code . _ - + @ =}).
 *
 * <p>On a signal, the shutdown hook asks the command's thread to stop and waits for its drain (at
 * most the end-run timeout and a second) before the JVM ends. An unreachable server is retried
 * within {@code --retry-budget}, then given up with a warning; it never fails the command: the exit
 * code is 0 once the stream has stopped, 4 for bad arguments (nothing is streamed), as for the other
 * commands.
 */
@Command(name = "stream", description = "Sidecar: stream a job's log file to the server until a process exits or a stop signal arrives.",
    modelTransformer = SiteConnection.FromEnvironment.class)
public final class StreamCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;
  static Function<String, String> environment = System::getenv;

  @Option(names = "--file", required = true, paramLabel = "FILE", description = "The log file to follow (it may not exist yet).")
  Path file;

  @Option(names = "--job", required = true, paramLabel = "JOB", description = "The job the log belongs to.")
  String job;

  @Option(names = "--site", required = true, paramLabel = "SITE", description = "This site's name.")
  String site;

  @Mixin SiteConnection connection;

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
      URI uri = connection.serverUri(environment);
      Path token = connection.readableTokenFile(environment);
      checkName("--job", job);
      checkName("--site", site);
      Path log = file.toAbsolutePath().normalize();
      if (Files.isDirectory(log)) {
        throw ServerConnection.invalid("--file " + file + " is a directory, not a log file");
      }
      JobLogStreamerSettings settings;
      try {
        settings = JobLogStreamerSettings.fromArgs(Map.of(JobLogStreamerSettings.POLL_INTERVAL, pollInterval,
            JobLogStreamerSettings.RETRY_BUDGET, retryBudget, JobLogStreamerSettings.END_RUN_TIMEOUT, endRunTimeout));
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid(e.getMessage());
      }
      JobLogSession session;
      try {
        session = JobLogSession.open(job, site, log, settings, HttpMessenger.builder(uri).tokenFile(token).build());
      } catch (IllegalArgumentException e) {
        throw ServerConnection.invalid("--file " + file + ": " + e.getMessage());
      }
      run(session, watched);
      return 0;
    });
  }

  /** Streams until the watched process ends or a signal arrives, then the two-phase stop. */
  private void run(JobLogSession session, Optional<ProcessHandle> watched) throws InterruptedException {
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
      session.start();
      watched.map(ProcessHandle::onExit).orElseGet(CompletableFuture::new).thenRun(stopAsked::countDown);
      stopAsked.await();
      session.finish();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and has just been released
      }
    }
  }

  private static void checkName(String option, String value) throws CliFailure {
    String problem = Names.problem(value);
    if (problem != null) {
      throw ServerConnection.invalid(option + " '" + value + "' is not allowed: " + problem);
    }
  }
}
