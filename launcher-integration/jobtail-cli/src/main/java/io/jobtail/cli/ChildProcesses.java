package io.jobtail.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code jobtail} processes a command started (server, sites), each running
 * {@code io.jobtail.cli.Main} on this JVM's class path with its output in a file. {@link #close}
 * stops them newest first: destroy (SIGTERM, so a site stops its jobs), then destroyForcibly after a
 * grace period. Thread-safe; {@link #close} is idempotent and is also what a shutdown hook calls.
 */
public final class ChildProcesses implements AutoCloseable {
  static final Duration GRACE = Duration.ofSeconds(10);

  /** Guarded by this. */
  private final List<Process> processes = new ArrayList<>();

  /** Starts {@code jobtail <args>} with stdout and stderr appended to {@code output}. */
  public synchronized Process start(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    File out = output.toFile();
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
    processes.add(p);
    return p;
  }

  @Override
  public void close() {
    List<Process> toStop;
    synchronized (this) {
      toStop = new ArrayList<>(processes);
      processes.clear();
    }
    java.util.Collections.reverse(toStop);
    for (Process p : toStop) {
      p.destroy();
    }
    for (Process p : toStop) {
      try {
        if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
