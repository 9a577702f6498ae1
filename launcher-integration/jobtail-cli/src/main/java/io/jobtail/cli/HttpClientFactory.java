package io.jobtail.cli;

import java.net.http.HttpClient;
import java.time.Duration;

/** Creates the HTTP client a command talks to the server with; one per command run. */
@FunctionalInterface
public interface HttpClientFactory {
  /** How long connecting to the server may take before the command reports a connection failure. */
  Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  HttpClient create();

  /** A plain client with a {@link #CONNECT_TIMEOUT} connect timeout that does not follow redirects. */
  static HttpClientFactory standard() {
    return () -> HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
