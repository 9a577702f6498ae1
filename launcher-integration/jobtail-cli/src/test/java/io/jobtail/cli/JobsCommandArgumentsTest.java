package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code jobtail jobs meta|abort|wait JOB}: each takes the job ID, and refuses a command line without it. */
class JobsCommandArgumentsTest {
  /** Parses {@code jobtail jobs ARGS...} as {@link Main} does and returns the subcommand's object. */
  private static JobsCommand.OneJobSubcommand parse(String... args) {
    CommandLine.ParseResult jobs = Main.commandLine().parseArgs(args).subcommand();
    return (JobsCommand.OneJobSubcommand) jobs.subcommand().commandSpec().userObject();
  }

  @ParameterizedTest
  @ValueSource(strings = {"meta", "abort", "wait"})
  void theJobIdIsTheFirstParameter(String subcommand) {
    assertEquals("job-7", parse("jobs", subcommand, "--server", "http://127.0.0.1:9", "job-7").jobId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"meta", "abort", "wait"})
  void aMissingJobIdIsRefused(String subcommand) {
    CommandLine.MissingParameterException missing =
        assertThrows(CommandLine.MissingParameterException.class, () -> parse("jobs", subcommand, "--json"));
    assertTrue(missing.getMessage().contains("JOB"), missing.getMessage());
  }
}
