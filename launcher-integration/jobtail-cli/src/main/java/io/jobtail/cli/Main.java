package io.jobtail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jobtail} command. Every subcommand has {@code --help}; those that print data take
 * {@code --json}; exit codes are those of {@link io.jobtail.cli.output.ExitCode}.
 */
@Command(name = "jobtail", mixinStandardHelpOptions = true, version = "jobtail 0.1.0",
    description = "Live job-log streaming: run a server and sites, submit jobs, follow their logs.",
    subcommands = {DemoCommand.class, ProvisionCommand.class, ServerCommand.class, SiteCommand.class,
        SubmitCommand.class, JobsCommand.class, LogsCommand.class, LogConfigCommand.class, StreamCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code jobtail} alone: the usage, on stderr, as for any invalid command line. */
  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return io.jobtail.cli.output.ExitCode.INVALID_ARGS;
  }

  /** slf4j-simple for the command's own messages; the job process selects logback itself. */
  static final String SIMPLE_PROVIDER = "org.slf4j.simple.SimpleServiceProvider";

  public static void main(String[] args) {
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", SIMPLE_PROVIDER);
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: parse errors are reported as INVALID_ARGS (exit 4). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(new InvalidArgumentsHandler(System.out, System.err));
    return cl;
  }
}
