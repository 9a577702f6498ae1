package io.jobtail.cli;

import io.jobtail.cli.output.CliFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * How a site-side process reaches the server: {@code --server URL} and this site's
 * {@code --token-file FILE}, a picocli mixin shared by {@link SiteCommand} and {@link StreamCommand}.
 *
 * <p>Not {@link ServerConnection}, the admin commands' mixin: that one reads the admin token into
 * the CLI and falls back to {@link LogsCommand#DEFAULT_SERVER}; here the token file is the site's,
 * handed as a path to the transport, which reads it, and there is no default server.
 *
 * <p>As declared, both options are required ({@code jobtail site}). A command whose options may
 * come from the environment ({@code jobtail stream}, also started by hand) adds
 * {@code modelTransformer = SiteConnection.FromEnvironment.class} to its {@code @Command}: the
 * options become optional, their help names {@value LogsCommand#SERVER_ENV} and
 * {@value LogsCommand#TOKEN_FILE_ENV}, and {@link #serverUri} and {@link #readableTokenFile} fall
 * back to those variables.
 *
 * <p>Filled in by picocli while it parses, then read by the command's thread; not thread-safe.
 */
final class SiteConnection {
  private static final String SERVER = "--server";
  private static final String TOKEN_FILE = "--token-file";
  private static final String SERVER_DESCRIPTION = "The server's URL";
  private static final String TOKEN_FILE_DESCRIPTION = "This site's token file";

  @Option(names = SERVER, required = true, paramLabel = "URL", description = SERVER_DESCRIPTION + ".")
  String server;

  @Option(names = TOKEN_FILE, required = true, paramLabel = "FILE", description = TOKEN_FILE_DESCRIPTION + ".")
  Path tokenFile;

  /**
   * The server's http(s) URL: {@code --server}, else {@code $JOBTAIL_SERVER}; the failure
   * ({@code INVALID_ARGS}) names the option and the bad value.
   */
  URI serverUri(Function<String, String> environment) throws CliFailure {
    String url = server != null ? server : environment.apply(LogsCommand.SERVER_ENV);
    if (url == null || url.isBlank()) {
      throw ServerConnection.invalid(SERVER + " (or $" + LogsCommand.SERVER_ENV + ") is required");
    }
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, as for a URL of another scheme
    }
    throw ServerConnection.invalid(SERVER + " must be an http(s) URL, got '" + url + "'");
  }

  /**
   * The site's token file: {@code --token-file}, else {@code $JOBTAIL_TOKEN_FILE}; only checked to be
   * readable, the transport reads it. The failure ({@code INVALID_ARGS}) names the file.
   */
  Path readableTokenFile(Function<String, String> environment) throws CliFailure {
    Path token = tokenFile != null ? tokenFile
        : Optional.ofNullable(environment.apply(LogsCommand.TOKEN_FILE_ENV)).map(Path::of).orElse(null);
    if (token == null || !Files.isReadable(token)) {
      throw ServerConnection.invalid(TOKEN_FILE + " (or $" + LogsCommand.TOKEN_FILE_ENV
          + ") must name a readable token file, got " + (token == null ? "none" : "'" + token + "'"));
    }
    return token;
  }

  /**
   * Makes a command's {@link SiteConnection} options optional, with the environment as their
   * default, and says so in its help. Picocli runs it once, when the command line is built.
   */
  static final class FromEnvironment implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      defaultFromEnvironment(command, SERVER, SERVER_DESCRIPTION, LogsCommand.SERVER_ENV);
      defaultFromEnvironment(command, TOKEN_FILE, TOKEN_FILE_DESCRIPTION, LogsCommand.TOKEN_FILE_ENV);
      return command;
    }

    private static void defaultFromEnvironment(CommandSpec command, String name, String description, String variable) {
      OptionSpec required = command.findOption(name);
      if (required == null) {
        throw new IllegalStateException("command '" + command.name() + "' has no " + name + " option: add @Mixin SiteConnection");
      }
      command.remove(required);
      command.addOption(required.toBuilder().required(false)
          .description(description + " (default: $" + variable + ").").build());
    }
  }
}
