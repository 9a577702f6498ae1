package io.jobtail.cli;

import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.cli.output.JsonEnvelope;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jobtail log-config JOB LEVEL [--site NAME|all]}: changes a running job's log level at its
 * sites (the site passes it to the job process, which applies it within a second). Refused with
 * {@code JOB_ENDED} once the job has ended.
 */
@Command(name = "log-config", description = "Change the log level of a running job at one site or all.")
public final class LogConfigCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;
  static Function<String, String> environment = System::getenv;
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  @Parameters(index = "0", paramLabel = "JOB", description = "The job ID.")
  String jobId;

  @Parameters(index = "1", paramLabel = "LEVEL", description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF.")
  String level;

  @Option(names = "--site", paramLabel = "NAME", defaultValue = "all", description = "A site name, or all (default).")
  String site;

  @Mixin ServerConnection connection;

  @Option(names = "--json", description = "Print one JSON envelope on stdout.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(json, out, err, "log-config " + jobId, () -> {
      String wanted = level.toUpperCase(Locale.ROOT);
      if (!LEVELS.contains(wanted)) {
        throw ServerConnection.invalid("LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF; got '" + level + "'");
      }
      var job = connection.client(environment).logConfig(jobId, wanted, site);
      ErrorOutput.writeLine(out, json ? JsonEnvelope.ok(job)
          : "Log level " + wanted + " requested for job " + jobId + " at " + site + ".");
      return 0;
    });
  }
}
