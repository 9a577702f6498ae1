package io.jobtail.cli.output;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link CliFailure} the way the original CLI's {@code output_error} did.
 *
 * <ul>
 *   <li>JSON mode: one error envelope on stdout (see {@link JsonEnvelope#error}), nothing on stderr.
 *   <li>Human mode, on stderr: the message, then {@code Hint: …} when there is a hint, then
 *       {@code Code: ERROR_CODE (exit N)}.
 * </ul>
 */
public final class ErrorOutput {
  private ErrorOutput() {}

  /**
   * Writes {@code failure} and returns the exit code the command should end with.
   *
   * @param json whether the command runs in JSON mode
   */
  public static int write(CliFailure failure, boolean json, PrintStream out, PrintStream err) {
    ErrorCode code = failure.code();
    if (json) {
      writeLine(out, JsonEnvelope.error(code, failure.getMessage()));
    } else {
      writeLine(err, failure.getMessage());
      if (!code.hint().isEmpty()) {
        writeLine(err, "Hint: " + code.hint());
      }
      writeLine(err, "Code: " + code.name() + " (exit " + code.exitCode() + ")");
    }
    return code.exitCode();
  }

  /** Writes {@code text} and a {@code \n} as UTF-8, whatever the stream's own charset is. */
  public static void writeLine(PrintStream stream, String text) {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }
}
