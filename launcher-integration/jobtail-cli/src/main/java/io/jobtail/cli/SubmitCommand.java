package io.jobtail.cli;

import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.cli.output.JsonEnvelope;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jobtail submit JOB_DIR}: sends {@code JOB_DIR/job.json} (or the file itself) to the server
 * and prints the new job's id. The definition: {@code {"name", "sites"?, "work": {"main_class", "args"}
 * | {"command": [...]}, "components"?, "logging"?: {"max_file_size", "max_index", "level"}}}.
 */
@Command(name = "submit", description = "Submit a job (JOB_DIR/job.json) and print its job ID.")
public final class SubmitCommand implements Callable<Integer> {
  static PrintStream out = System.out;
  static PrintStream err = System.err;
  static Function<String, String> environment = System::getenv;

  @Parameters(index = "0", paramLabel = "JOB_DIR", description = "A job directory holding job.json, or a job.json file.")
  Path jobDir;

  @Mixin ServerConnection connection;

  @Option(names = "--json", description = "Print one JSON envelope on stdout.")
  boolean json;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    return CommandEdge.run(json, out, err, "submit " + jobDir, () -> {
      Path file = Files.isDirectory(jobDir) ? jobDir.resolve("job.json") : jobDir;
      byte[] definition;
      try {
        definition = Files.readAllBytes(file);
      } catch (IOException e) {
        throw ServerConnection.invalid("cannot read the job definition " + file + ": " + e);
      }
      var job = connection.client(environment).submit(definition);
      ErrorOutput.writeLine(out, json ? JsonEnvelope.ok(job) : job.path("job_id").asText());
      return 0;
    });
  }
}
