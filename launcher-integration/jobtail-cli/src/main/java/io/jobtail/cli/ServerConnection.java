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
 * The {@code --server} and {@code --token-file} options every admin command ({@code logs},
 * {@code jobs}, {@code submit}, {@code log-config}) shares (a picocli mixin), with the defaults
 * {@code $JOBTAIL_SERVER}, else {@link LogsCommand#DEFAULT_SERVER}, and {@code $JOBTAIL_TOKEN_FILE},
 * else no token.
 *
 * <p>Filled in by picocli while it parses, then read by the command's thread; not thread-safe.
 * Each failure is {@code INVALID_ARGS} naming the option (or variable) and the bad value, and is
 * raised before anything is sent.
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
    return new JobsClient(HttpClientFactory.standard().create(), serverUrl(environment), bearerToken(environment));
  }

  /**
   * The server's base URL: {@code --server}, else {@code $JOBTAIL_SERVER}, else
   * {@link LogsCommand#DEFAULT_SERVER}. Refused unless http(s) with a host and without a query or
   * fragment, which the request paths appended to it would end up in.
   */
  String serverUrl(Function<String, String> environment) throws CliFailure {
    String url = server != null ? server : environment.apply(LogsCommand.SERVER_ENV);
    String origin = server != null ? "--server" : LogsCommand.SERVER_ENV;
    if (url == null || url.isBlank()) {
      return LogsCommand.DEFAULT_SERVER;
    }
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw invalid(origin + " must be an http(s) URL such as " + LogsCommand.DEFAULT_SERVER + ", got '" + url + "'");
      }
      return url;
    } catch (URISyntaxException e) {
      throw invalid(origin + " is not a URL: '" + url + "' (" + e.getReason() + ")");
    }
  }

  /**
   * The bearer token read from {@code --token-file}, else {@code $JOBTAIL_TOKEN_FILE}; null when
   * neither is given (the request goes without one). Refused when the file cannot be read or does
   * not hold exactly one token of printable ASCII.
   */
  String bearerToken(Function<String, String> environment) throws CliFailure {
    String name = tokenFile != null ? tokenFile : environment.apply(LogsCommand.TOKEN_FILE_ENV);
    String origin = tokenFile != null ? "--token-file" : LogsCommand.TOKEN_FILE_ENV;
    if (name == null || name.isEmpty()) {
      return null;
    }
    String token;
    try {
      token = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
    } catch (IOException | InvalidPathException e) {
      throw invalid("cannot read " + origin + " '" + name + "': " + e.getClass().getSimpleName()
          + (e.getMessage() != null ? " " + e.getMessage() : ""));
    }
    if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw invalid(origin + " '" + name + "' must hold one bearer token (printable ASCII, no spaces)");
    }
    return token;
  }

  static CliFailure invalid(String detail) {
    return new CliFailure(ErrorCode.INVALID_ARGS, "Invalid arguments.", detail);
  }
}
