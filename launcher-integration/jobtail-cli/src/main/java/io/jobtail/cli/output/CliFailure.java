package io.jobtail.cli.output;

import java.util.Objects;

/**
 * A command failed in a way it reports to the user: an {@link ErrorCode} and a message that names
 * what was wrong (the job, site, file or argument value). Thrown inside a command and written once,
 * at the command's edge, by {@link ErrorOutput}.
 *
 * <p>The text shown is the message, followed by {@code " — " + detail} when there is a detail, as
 * the original CLI composed its messages.
 */
public final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public CliFailure(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public CliFailure(ErrorCode code, String message, String detail) {
    this(code, message, detail, null);
  }

  public CliFailure(ErrorCode code, String message, String detail, Throwable cause) {
    super(compose(Objects.requireNonNull(message, "message"), detail), cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  private static String compose(String message, String detail) {
    return detail == null || detail.isEmpty() ? message : message + " \u2014 " + detail;
  }

  public ErrorCode code() {
    return code;
  }

  /** Shorthand for {@code code().exitCode()}. */
  public int exitCode() {
    return code.exitCode();
  }
}
