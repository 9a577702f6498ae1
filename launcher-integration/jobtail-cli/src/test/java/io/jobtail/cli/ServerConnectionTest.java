package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code jobtail logs} and the {@code jobs} commands share {@link ServerConnection}: the same
 * {@code --server} and {@code --token-file}, checked by the same rules. Both commands are taken
 * from {@link Main#commandLine()}, as a user runs them.
 */
class ServerConnectionTest {
  /** Parses {@code jobtail ARGS...} as {@link Main} does and returns the innermost command's connection. */
  private static ServerConnection parse(String... args) {
    CommandLine.ParseResult result = Main.commandLine().parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    Object command = result.commandSpec().userObject();
    return command instanceof LogsCommand ? ((LogsCommand) command).connection
        : ((JobsCommand.JobsSubcommand) command).connection;
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9/?site=all", "http://127.0.0.1:9/#top"})
  void aServerUrlWithAQueryOrFragmentIsRefusedByLogsAndJobsAlike(String url) {
    for (String command : List.of("logs job-1", "jobs list", "jobs meta job-1")) {
      List<String> args = new ArrayList<>(List.of(command.split(" ")));
      args.addAll(List.of("--server", url));
      ServerConnection connection = parse(args.toArray(new String[0]));

      CliFailure refused = assertThrows(CliFailure.class, () -> connection.serverUrl(Map.<String, String>of()::get), command);

      assertSame(ErrorCode.INVALID_ARGS, refused.code(), command);
      assertEquals("Invalid arguments. \u2014 --server must be an http(s) URL such as " + LogsCommand.DEFAULT_SERVER
          + ", got '" + url + "'", refused.getMessage(), command);
    }
  }
}
