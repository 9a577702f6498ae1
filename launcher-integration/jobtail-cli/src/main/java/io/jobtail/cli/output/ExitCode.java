package io.jobtail.cli.output;

/**
 * Process exit codes shared by every {@code jobtail} command, the same numbers as the original
 * NVFlare CLI so that scripts can branch on them.
 */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The job, or the requested log of a job, does not exist ({@code JOB_NOT_FOUND}, {@code LOG_NOT_FOUND}). */
  public static final int NOT_FOUND = 1;
  /** The server could not be reached or did not answer in time. */
  public static final int CONNECTION_FAILED = 2;
  /** The command line was wrong; nothing was sent to the server. */
  public static final int INVALID_ARGS = 4;
  /** Anything else: an unexpected server answer, a rejected credential, a bug. */
  public static final int INTERNAL_ERROR = 5;

  private ExitCode() {}
}
