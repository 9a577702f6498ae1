package io.jobtail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.cli.logs.JobLogs;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two log endpoints of the Jobtail server (DESIGN §6) for one job, with every failure turned
 * into a {@link CliFailure} that names the job, site, file or URL.
 *
 * <ul>
 *   <li>{@code GET /v1/jobs/{job}/logs?site=&file=} → {@code {"logs": {site: text}, "unavailable":
 *       {site: reason}}}; 404 means the job does not exist.
 *   <li>{@code GET /v1/jobs/{job}/logs/{site}/{file}?start=N} → raw bytes from offset N (negative:
 *       from the end), headers {@value #SIZE_HEADER} (the next offset) and {@value
 *       #COMPLETE_HEADER}; 404 means the log has not appeared yet.
 * </ul>
 *
 * Both send {@code Authorization: Bearer <token>} when a token is given. Blocking; one request at a
 * time per caller.
 */
final class LogsApi {
  static final String SIZE_HEADER = "Jobtail-Log-Size";
  static final String COMPLETE_HEADER = "Jobtail-Log-Complete";

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Bytes from offset {@code start()} of a log; {@code nextOffset} is where the next read starts. */
  record LogChunk(byte[] bytes, long nextOffset, boolean complete) {
    long start() {
      return nextOffset - bytes.length;
    }
  }

  private final HttpClient http;
  private final String server;
  private final String token;
  private final String jobId;

  /**
   * @param server base URL such as {@code http://127.0.0.1:8443}; a trailing slash is ignored
   * @param token bearer token, or null to send none
   */
  LogsApi(HttpClient http, String server, String token, String jobId) {
    this.http = Objects.requireNonNull(http, "http");
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.token = token;
    this.jobId = Objects.requireNonNull(jobId, "jobId");
  }

  /** The logs of {@code site} ({@code server}, {@code all} or a site name) for {@code file}. */
  JobLogs fetch(String site, String file) throws CliFailure {
    URI uri = URI.create(server + "/v1/jobs/" + segment(jobId) + "/logs?site=" + query(site) + "&file=" + query(file));
    HttpResponse<byte[]> response = send(uri, QUERY_TIMEOUT);
    int status = response.statusCode();
    if (status == 404) {
      throw new CliFailure(ErrorCode.JOB_NOT_FOUND, "Job '" + jobId + "' does not exist.", serverMessage(response).orElse(null));
    }
    requireOk(response, uri);
    try {
      JsonNode root = MAPPER.readTree(response.body());
      if (root == null || !root.isObject()) {
        throw new IOException("not a JSON object");
      }
      JsonNode incomplete = root.get("incomplete");
      return new JobLogs(textMap(root.get("logs"), "logs"), reasonMap(root.get("unavailable")),
          incomplete == null || incomplete.isNull() ? Map.of() : reasonMap(incomplete));
    } catch (IOException e) {
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
          "GET " + uri + " returned a malformed log query result: " + e.getMessage(), e);
    }
  }

  /**
   * Bytes of {@code site}'s {@code file} from offset {@code start} (negative: that many bytes from
   * the end), or empty when the server has no such log yet.
   */
  Optional<LogChunk> fetchFrom(String site, String file, long start) throws CliFailure {
    URI uri = URI.create(server + "/v1/jobs/" + segment(jobId) + "/logs/" + segment(site) + "/" + segment(file)
        + "?start=" + start);
    HttpResponse<byte[]> response = send(uri, CHUNK_TIMEOUT);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    requireOk(response, uri);
    byte[] bytes = response.body();
    Optional<String> size = response.headers().firstValue(SIZE_HEADER);
    long next;
    if (size.isPresent()) {
      try {
        next = Long.parseLong(size.get().trim());
      } catch (NumberFormatException e) {
        throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
            "GET " + uri + " returned " + SIZE_HEADER + ": '" + size.get() + "', not a number", e);
      }
    } else if (start >= 0) {
      next = start + bytes.length;
    } else {
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
          "GET " + uri + " returned no " + SIZE_HEADER + " header");
    }
    boolean complete = response.headers().firstValue(COMPLETE_HEADER).map(v -> v.trim().equalsIgnoreCase("true"))
        .orElse(false);
    return Optional.of(new LogChunk(bytes, next, complete));
  }

  String jobId() {
    return jobId;
  }

  /**
   * The job's status if it has ended ({@code FINISHED_OK}, {@code FINISHED_EXCEPTION},
   * {@code ABORTED}), else empty. Lets {@code --follow} stop waiting for a log that will never come.
   */
  Optional<String> endedStatus() throws CliFailure {
    URI uri = URI.create(server + "/v1/jobs/" + segment(jobId));
    HttpResponse<byte[]> response = send(uri, CHUNK_TIMEOUT);
    if (response.statusCode() == 404) {
      throw new CliFailure(ErrorCode.JOB_NOT_FOUND, "Job '" + jobId + "' does not exist.", serverMessage(response).orElse(null));
    }
    requireOk(response, uri);
    try {
      String status = MAPPER.readTree(response.body()).path("status").asText("");
      return status.startsWith("FINISHED") || status.equals("ABORTED") ? Optional.of(status) : Optional.empty();
    } catch (IOException e) {
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
          "GET " + uri + " returned malformed JSON: " + e.getMessage(), e);
    }
  }

  private HttpResponse<byte[]> send(URI uri, Duration timeout) throws CliFailure {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new CliFailure(ErrorCode.CONNECTION_FAILED, "Could not connect to the Jobtail server.",
          "GET " + uri + " timed out", e);
    } catch (IOException e) {
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new CliFailure(ErrorCode.CONNECTION_FAILED, "Could not connect to the Jobtail server.",
          "GET " + uri + ": " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Interrupted.", "while waiting for GET " + uri, e);
    }
  }

  private void requireOk(HttpResponse<byte[]> response, URI uri) throws CliFailure {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new CliFailure(ErrorCode.AUTH_FAILED, "Authentication failed.",
          "the server answered HTTP " + status + " to GET " + uri
              + (token == null ? " (no token was sent; set --token-file or JOBTAIL_TOKEN_FILE)" : ""));
    }
    if (status != 200) {
      throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Unexpected answer from the Jobtail server.",
          "HTTP " + status + " to GET " + uri + serverMessage(response).map(m -> ": " + m).orElse(""));
    }
  }

  /** The {@code message} of a JSON error body, else the body's first line; empty when neither. */
  private static Optional<String> serverMessage(HttpResponse<byte[]> response) {
    String body = new String(response.body(), StandardCharsets.UTF_8).strip();
    if (body.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null && root.hasNonNull("message")) {
        return Optional.of(root.get("message").asText());
      }
    } catch (IOException notJson) {
      // a plain-text body: show its start below
    }
    String firstLine = body.lines().findFirst().orElse("");
    return Optional.of(firstLine.length() > 200 ? firstLine.substring(0, 200) + "…" : firstLine);
  }

  private static Map<String, String> textMap(JsonNode node, String field) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new IOException("\"" + field + "\" is not an object");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      if (!entry.getValue().isTextual()) {
        throw new IOException("\"" + field + "\" of site '" + entry.getKey() + "' is not text");
      }
      map.put(entry.getKey(), entry.getValue().textValue());
    }
    return map;
  }

  private static Map<String, String> reasonMap(JsonNode node) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new IOException("\"unavailable\" is not an object");
    }
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isTextual()
        ? e.getValue().textValue() : e.getValue().toString()));
    return map;
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
