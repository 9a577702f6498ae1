package io.jobtail.cli.output;

/**
 * The machine-readable error codes a command can report, each with its exit code and the hint
 * shown to people (the {@code "hint"} of the JSON error envelope).
 *
 * <p>Other commands add their codes here so that one table says what every code means.
 */
public enum ErrorCode {
  JOB_NOT_FOUND(ExitCode.NOT_FOUND, "Use 'jobtail jobs list' to see available job IDs."),
  LOG_NOT_FOUND(ExitCode.NOT_FOUND,
      "Use --site all to see which sites have logs; client logs must have been streamed to the server."),
  CONNECTION_FAILED(ExitCode.CONNECTION_FAILED,
      "Check that the Jobtail server is running and that --server (or JOBTAIL_SERVER) points to it."),
  INVALID_ARGS(ExitCode.INVALID_ARGS, "Run the command with -h or --help for usage."),
  /** {@code log-config} (or another change) asked of a job that has already ended. */
  JOB_ENDED(ExitCode.INVALID_ARGS, "Only a running job can be changed; see 'jobtail jobs meta JOB'."),
  /** {@code jobs wait} gave up before the job ended. */
  TIMEOUT(ExitCode.INTERNAL_ERROR, "The job is still running; wait again or raise --timeout."),
  /** The server refused the credential (HTTP 401/403); the original CLI had no exit code of its own for it. */
  AUTH_FAILED(ExitCode.INTERNAL_ERROR,
      "Check the bearer token in --token-file (or JOBTAIL_TOKEN_FILE); 'jobtail provision' issues tokens."),
  /** {@code jobtail server} could not start (port taken, workspace files unusable, a widget that failed); nothing was left running. */
  SERVER_START_FAILED(ExitCode.INTERNAL_ERROR,
      "Check that --port is free and that the workspace's files (server.json, tokens, jobs, store) are usable."),
  INTERNAL_ERROR(ExitCode.INTERNAL_ERROR,
      "This is likely a bug or a server problem. Re-run with a newer jobtail, check the server log, or report the issue.");

  private final int exitCode;
  private final String hint;

  ErrorCode(int exitCode, String hint) {
    this.exitCode = exitCode;
    this.hint = hint;
  }

  /** The process exit code for this error, one of {@link ExitCode}. */
  public int exitCode() {
    return exitCode;
  }

  /** What a person can do about it; never null, may be empty. */
  public String hint() {
    return hint;
  }
}
