package io.jobtail.cli;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import java.io.PrintStream;

/** Where a command's failures are written once and turned into its exit code, as LogsCommand does. */
final class CommandEdge {
  /** The body of a command: returns its exit code or throws what it reports. */
  @FunctionalInterface
  interface Body {
    int run() throws Exception;
  }

  private CommandEdge() {}

  static int run(boolean json, PrintStream out, PrintStream err, String what, Body body) {
    try {
      return body.run();
    } catch (CliFailure failure) {
      return ErrorOutput.write(failure, json, out, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ErrorOutput.write(new CliFailure(ErrorCode.INTERNAL_ERROR, "Interrupted.", what), json, out, err);
    } catch (Exception bug) {
      return ErrorOutput.write(new CliFailure(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred.",
          bug.getClass().getName() + ": " + bug.getMessage() + " (" + what + ")", bug), json, out, err);
    }
  }
}
