package io.jobtail.cli;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import io.jobtail.cli.output.ExitCode;
import java.io.PrintStream;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * Reports a command line picocli could not parse (an unknown option, a missing {@code JOB}) as
 * {@code INVALID_ARGS}, exit {@value ExitCode#INVALID_ARGS}, in the shared error format — as a JSON
 * error envelope on stdout when {@code --json} is among the arguments — instead of picocli's usage
 * text and exit code 2.
 *
 * <p>Register it on the top-level command after adding the subcommands:
 * {@code new CommandLine(new Jobtail()).setParameterExceptionHandler(new InvalidArgumentsHandler(System.out, System.err))}.
 */
public final class InvalidArgumentsHandler implements CommandLine.IParameterExceptionHandler {
  private final PrintStream out;
  private final PrintStream err;

  public InvalidArgumentsHandler(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    boolean json = Arrays.asList(args).contains("--json");
    CliFailure failure = new CliFailure(ErrorCode.INVALID_ARGS, "Invalid arguments.", ex.getMessage());
    return ErrorOutput.write(failure, json, out, err);
  }
}
