package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code jobtail site} and {@code jobtail stream} share {@link SiteConnection}: the same
 * {@code --server} and {@code --token-file}, required by site, defaulting to the environment for
 * stream. Both commands are taken from {@link Main#commandLine()}, as a user runs them.
 */
class SiteConnectionTest {
  private static final String SERVER = "http://127.0.0.1:9";

  @TempDir Path dir;

  private static CommandLine subcommand(String name) {
    return Main.commandLine().getSubcommands().get(name);
  }

  /** Parses {@code jobtail COMMAND own... shared...} as {@link Main} does and returns COMMAND's connection. */
  private static SiteConnection parse(String command, List<String> own, String... shared) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(own);
    all.addAll(List.of(shared));
    Object parsed = Main.commandLine().parseArgs(all.toArray(new String[0])).subcommand().commandSpec().userObject();
    return parsed instanceof SiteCommand ? ((SiteCommand) parsed).connection : ((StreamCommand) parsed).connection;
  }

  private static List<String> siteOwnOptions(Path dir) {
    return List.of("--name", "site-1", "--workspace", dir.resolve("ws").toString());
  }

  private static List<String> streamOwnOptions(Path dir) {
    return List.of("--file", dir.resolve("log.txt").toString(), "--job", "job-1", "--site", "site-1");
  }

  @Test
  void bothCommandsResolveTheSameConnectionFromTheSameArguments() {
    Path token = dir.resolve("token");
    String[] shared = {"--server", SERVER, "--token-file", token.toString()};

    SiteConnection siteConnection = parse("site", siteOwnOptions(dir), shared);
    SiteConnection streamConnection = parse("stream", streamOwnOptions(dir), shared);

    assertEquals(SERVER, siteConnection.server);
    assertEquals(token, siteConnection.tokenFile);
    assertEquals(SERVER, streamConnection.server);
    assertEquals(token, streamConnection.tokenFile);
  }

  @Test
  void bothCommandsDeclareTheConnectionOptionsAlikeButForRequiredAndTheirDefaults() {
    CommandLine site = subcommand("site");
    CommandLine stream = subcommand("stream");
    for (String name : List.of("--server", "--token-file")) {
      OptionSpec inSite = site.getCommandSpec().findOption(name);
      OptionSpec inStream = stream.getCommandSpec().findOption(name);
      assertEquals(inSite.paramLabel(), inStream.paramLabel(), name);
      assertEquals(inSite.type(), inStream.type(), name);
      assertEquals(inSite.arity(), inStream.arity(), name);
      assertTrue(inSite.required(), "site requires " + name);
      assertFalse(inStream.required(), "stream takes " + name + " from the environment when it is not given");
    }
    assertArrayEquals(new String[] {"The server's URL."}, site.getCommandSpec().findOption("--server").description());
    assertArrayEquals(new String[] {"This site's token file."}, site.getCommandSpec().findOption("--token-file").description());
    assertArrayEquals(new String[] {"The server's URL (default: $JOBTAIL_SERVER)."},
        stream.getCommandSpec().findOption("--server").description());
    assertArrayEquals(new String[] {"This site's token file (default: $JOBTAIL_TOKEN_FILE)."},
        stream.getCommandSpec().findOption("--token-file").description());
  }

  @Test
  void siteRefusesACommandLineWithoutTheServer() {
    CommandLine.MissingParameterException missing = assertThrows(CommandLine.MissingParameterException.class,
        () -> parse("site", siteOwnOptions(dir), "--token-file", dir.resolve("token").toString()));
    assertTrue(missing.getMessage().contains("'--server=URL'"), missing.getMessage());
  }

  @Test
  void streamFallsBackToTheEnvironment() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "abc\n");
    SiteConnection connection = parse("stream", streamOwnOptions(dir));
    assertNull(connection.server);
    Map<String, String> environment = Map.of("JOBTAIL_SERVER", SERVER, "JOBTAIL_TOKEN_FILE", token.toString());

    assertEquals(URI.create(SERVER), connection.serverUri(environment::get));
    assertEquals(token, connection.readableTokenFile(environment::get));
  }

  @Test
  void streamWithoutServerAnywhereIsAnInvalidArgumentNamingBothPlaces() {
    SiteConnection connection = parse("stream", streamOwnOptions(dir));

    CliFailure failure = assertThrows(CliFailure.class, () -> connection.serverUri(name -> null));
    assertEquals(ErrorCode.INVALID_ARGS, failure.code());
    assertTrue(failure.getMessage().contains("--server (or $JOBTAIL_SERVER) is required"), failure.getMessage());
  }
}
