package io.jobtail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The job endpoints of the server's query API ({@code /v1/jobs...}), every failure turned into a
 * {@link CliFailure}: 404 {@code JOB_NOT_FOUND}, 401/403 {@code AUTH_FAILED}, 400 {@code INVALID_ARGS},
 * 409 {@code JOB_ENDED}, no connection {@code CONNECTION_FAILED}. Blocking; one request at a time.
 */
public final class JobsClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final String server;
  private final String token;

  public JobsClient(HttpClient http, String server, String token) {
    this.http = http;
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.token = token;
  }

  public String server() {
    return server;
  }

  public JsonNode list() throws CliFailure {
    return send("GET", "/v1/jobs", null, null);
  }

  public JsonNode get(String jobId) throws CliFailure {
    return send("GET", "/v1/jobs/" + segment(jobId), null, jobId);
  }

  public JsonNode submit(byte[] definition) throws CliFailure {
    return send("POST", "/v1/jobs", definition, null);
  }

  public JsonNode abort(String jobId) throws CliFailure {
    return send("POST", "/v1/jobs/" + segment(jobId) + "/abort", new byte[0], jobId);
  }

  public JsonNode logConfig(String jobId, String level, String site) throws CliFailure {
    byte[] body;
    try {
      body = MAPPER.writeValueAsBytes(java.util.Map.of("level", level, "site", site));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return send("POST", "/v1/jobs/" + segment(jobId) + "/log-config", body, jobId);
  }

  private JsonNode send(String method, String path, byte[] body, String jobId) throws CliFailure {
    URI uri = URI.create(server + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new CliFailure(ErrorCode.CONNECTION_FAILED, "Could not connect to the Jobtail server.",
          method + " " + uri + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Interrupted.", "while waiting for " + method + " " + uri, e);
    }
    JsonNode json = null;
    try {
      json = MAPPER.readTree(response.body());
    } catch (IOException notJson) {
      // reported below with the status
    }
    String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
        : new String(response.body(), StandardCharsets.UTF_8).strip();
    int status = response.statusCode();
    switch (status) {
      case 200:
        if (json == null) {
          throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
              method + " " + uri + " returned no JSON");
        }
        return json;
      case 401:
      case 403:
        throw new CliFailure(ErrorCode.AUTH_FAILED, "Authentication failed.", "HTTP " + status + " to " + method + " " + uri
            + (token == null ? " (no token was sent; set --token-file or JOBTAIL_TOKEN_FILE)" : ": " + message));
      case 404:
        if (jobId != null) {
          throw new CliFailure(ErrorCode.JOB_NOT_FOUND, "Job '" + jobId + "' does not exist.", message);
        }
        throw new CliFailure(ErrorCode.CONNECTION_FAILED, "Not a Jobtail server.", method + " " + uri + ": HTTP 404");
      case 400:
        throw new CliFailure(ErrorCode.INVALID_ARGS, "The server refused the request.", message);
      case 409:
        throw new CliFailure(ErrorCode.JOB_ENDED, "Job '" + jobId + "' has ended.", message);
      default:
        throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
            "HTTP " + status + " to " + method + " " + uri + (message.isEmpty() ? "" : ": " + message));
    }
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
