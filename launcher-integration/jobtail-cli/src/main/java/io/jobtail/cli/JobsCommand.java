package io.jobtail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.cli.output.JsonEnvelope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobtail jobs list | meta JOB | wait JOB | abort JOB}. */
@Command(name = "jobs", description = "List, inspect, wait for and abort jobs.",
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Meta.class, JobsCommand.Wait.class, JobsCommand.Abort.class},
    mixinStandardHelpOptions = true)
public final class JobsCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** {@code jobtail jobs} alone: the usage, on stderr. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return io.jobtail.cli.output.ExitCode.INVALID_ARGS;
  }

  static PrintStream out = System.out;
  static PrintStream err = System.err;
  static Function<String, String> environment = System::getenv;

  /** Options shared by the subcommands. */
  abstract static class JobsSubcommand implements Callable<Integer> {
    @Mixin ServerConnection connection;

    @Option(names = "--json", description = "Print one JSON envelope on stdout.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
      return CommandEdge.run(json, out, err, "jobs " + getClass().getSimpleName().toLowerCase(), () -> {
        JsonNode data = execute(connection.client(environment));
        if (json) {
          ErrorOutput.writeLine(out, JsonEnvelope.ok(data));
        } else {
          printHuman(data);
        }
        return 0;
      });
    }

    abstract JsonNode execute(JobsClient client) throws Exception;

    void printHuman(JsonNode job) {
      ErrorOutput.writeLine(out, describe(job));
    }
  }

  static String describe(JsonNode job) {
    StringBuilder sb = new StringBuilder();
    sb.append(job.path("job_id").asText()).append("  ").append(job.path("status").asText())
        .append("  ").append(job.path("name").asText()).append("  submitted ").append(job.path("submitted").asText());
    sb.append("  sites");
    job.path("site_status").fields().forEachRemaining(e -> sb.append(' ').append(e.getKey()).append('=').append(e.getValue().asText()));
    return sb.toString();
  }

  @Command(name = "list", description = "List every job the server knows, oldest first.")
  static final class ListJobs extends JobsSubcommand {
    @Override
    JsonNode execute(JobsClient client) throws CliFailure {
      return client.list();
    }

    @Override
    void printHuman(JsonNode data) {
      if (data.path("jobs").isEmpty()) {
        ErrorOutput.writeLine(out, "No jobs.");
      }
      data.path("jobs").forEach(job -> ErrorOutput.writeLine(out, describe(job)));
    }
  }

  /** A subcommand about one job, named by its {@code JOB} parameter. */
  abstract static class OneJobSubcommand extends JobsSubcommand {
    @Parameters(index = "0", paramLabel = "JOB", description = "The job ID.")
    String jobId;
  }

  @Command(name = "meta", description = "Show one job: status, sites and each site's status.")
  static final class Meta extends OneJobSubcommand {
    @Override
    JsonNode execute(JobsClient client) throws CliFailure {
      return client.get(jobId);
    }
  }

  @Command(name = "abort", description = "Abort a job: its sites stop the job processes.")
  static final class Abort extends OneJobSubcommand {
    @Override
    JsonNode execute(JobsClient client) throws CliFailure {
      return client.abort(jobId);
    }
  }

  @Command(name = "wait", description = "Wait until a job has ended and print its final status (exit 0 whatever the status).")
  static final class Wait extends OneJobSubcommand {
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: wait forever).")
    Long timeoutSeconds;

    @Override
    JsonNode execute(JobsClient client) throws Exception {
      if (timeoutSeconds != null && timeoutSeconds < 0) {
        throw ServerConnection.invalid("--timeout must be >= 0, got " + timeoutSeconds);
      }
      long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
      while (true) {
        JsonNode job = client.get(jobId);
        String status = job.path("status").asText();
        if (status.equals("FINISHED_OK") || status.equals("FINISHED_EXCEPTION") || status.equals("ABORTED")) {
          return job;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new CliFailure(ErrorCode.TIMEOUT, "Job '" + jobId + "' has not ended.",
              "still " + status + " after " + timeoutSeconds + " s");
        }
        Thread.sleep(500);
      }
    }
  }
}
