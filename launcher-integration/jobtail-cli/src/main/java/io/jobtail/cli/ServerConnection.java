package io.jobtail.cli;

import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The {@code --server} and {@code --token-file} options every server-facing command shares (a
 * picocli mixin), with the defaults {@code $JOBTAIL_SERVER} and {@code $JOBTAIL_TOKEN_FILE}, the
 * same rules as {@link LogsCommand}.
 */
public final class ServerConnection {
  @Option(names = "--server", paramLabel = "URL",
      description = "Jobtail server URL (default: $JOBTAIL_SERVER, else " + LogsCommand.DEFAULT_SERVER + ").")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the admin bearer token (default: $JOBTAIL_TOKEN_FILE).")
  String tokenFile;

  /** A client for the server these options name; the failure names the bad option. */
  JobsClient client(Function<String, String> environment) throws CliFailure {
    return new JobsClient(HttpClientFactory.standard().create(), url(environment), token(environment));
  }

  private String url(Function<String, String> environment) throws CliFailure {
    String url = server != null ? server : environment.apply(LogsCommand.SERVER_ENV);
    String origin = server != null ? "--server" : LogsCommand.SERVER_ENV;
    if (url == null || url.isBlank()) {
      return LogsCommand.DEFAULT_SERVER;
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw invalid(origin + " must be an http(s) URL such as " + LogsCommand.DEFAULT_SERVER + ", got '" + url + "'");
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid(origin + " is not a URL: '" + url + "' (" + e.getReason() + ")");
    }
  }

  private String token(Function<String, String> environment) throws CliFailure {
    String name = tokenFile != null ? tokenFile : environment.apply(LogsCommand.TOKEN_FILE_ENV);
    String origin = tokenFile != null ? "--token-file" : LogsCommand.TOKEN_FILE_ENV;
    if (name == null || name.isEmpty()) {
      return null;
    }
    try {
      String token = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
      if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw invalid(origin + " '" + name + "' must hold one bearer token (printable ASCII, no spaces)");
      }
      return token;
    } catch (IOException | InvalidPathException e) {
      throw invalid("cannot read " + origin + " '" + name + "': " + e);
    }
  }

  static CliFailure invalid(String detail) {
    return new CliFailure(ErrorCode.INVALID_ARGS, "Invalid arguments.", detail);
  }
}
