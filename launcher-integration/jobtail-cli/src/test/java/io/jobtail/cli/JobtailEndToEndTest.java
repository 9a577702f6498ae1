package io.jobtail.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.host.Components;
import io.jobtail.transport.http.SiteTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference launcher for real: a server and a site as separate processes on loopback, a job
 * process launched by the site, logs streamed over HTTP. Every wait is bounded and names what it
 * waited for; every process is stopped in {@link #stopProcesses}.
 */
class JobtailEndToEndTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path root;

  private final ChildProcesses children = new ChildProcesses();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stopProcesses() {
    children.close();
  }

  @Test
  void siteLogIsReadableWhileTheJobRunsAndByteIdenticalAfterIt() throws Exception {
    assumeTrue(Components.discover().has("io.jobtail.receiver.JobLogReceiver")
        && Components.discover().has("io.jobtail.site.SiteLogStreamer")
        && Components.discover().has("io.jobtail.job.JobLogStreamer"),
        "the component bundles (receiver, site and job streamers) are not on the class path yet");
    Path tokens = root.resolve("provision");
    SiteTokens.provision(List.of("site-1", "admin"), tokens);
    Path serverWs = tokens.resolve("server");
    Process server = children.start(root.resolve("server.out"), "server", "--workspace", serverWs.toString());
    String url = await("the server's URL file (see " + root.resolve("server.out") + ")", () -> {
      if (!server.isAlive()) {
        fail("the server exited with " + server.exitValue() + "; see " + root.resolve("server.out"));
      }
      try {
        return Files.exists(serverWs.resolve("server.url")) ? Files.readString(serverWs.resolve("server.url")).strip() : null;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    children.start(root.resolve("site-1.out"), "site", "--name", "site-1", "--server", url,
        "--workspace", root.resolve("site-1").toString(), "--token-file", tokens.resolve("site-1/token").toString());
    String admin = Files.readString(tokens.resolve("admin/token")).strip();

    assertEquals(401, send(url, "GET", "/v1/jobs", null, null).statusCode(), "no token");
    assertEquals(401, send(url, "GET", "/v1/jobs", "not-a-token", null).statusCode(), "wrong token");
    String siteToken = Files.readString(tokens.resolve("site-1/token")).strip();
    assertEquals(403, send(url, "GET", "/v1/jobs", siteToken, null).statusCode(), "a site's token is not the admin's");

    byte[] definition = MAPPER.writeValueAsBytes(Map.of("name", "e2e", "sites", List.of("site-1"),
        "work", Map.of("main_class", "io.jobtail.host.demo.SampleJob", "args", List.of("8")),
        "logging", Map.of("max_file_size", "40KB", "max_index", 100)));
    HttpResponse<String> submitted = send(url, "POST", "/v1/jobs", admin, definition);
    assertEquals(200, submitted.statusCode(), submitted.body());
    String jobId = MAPPER.readTree(submitted.body()).get("job_id").asText();

    String live = await("site-1's log through the query API while job " + jobId + " runs", () -> {
      JsonNode logs = json(send(url, "GET", "/v1/jobs/" + jobId + "/logs?site=site-1&file=log.txt", admin, null));
      String text = logs.path("logs").path("site-1").asText("");
      return text.contains("round ") ? text : null;
    });
    assertEquals("RUNNING", status(url, admin, jobId), "the log was read while the job ran");
    assertTrue(live.contains("sample job starting"), live.substring(0, Math.min(200, live.length())));

    await("job " + jobId + " to end", () -> {
      String s = status(url, admin, jobId);
      return s.startsWith("FINISHED") || s.equals("ABORTED") ? s : null;
    });
    assertEquals("FINISHED_OK", status(url, admin, jobId));
    Path copy = serverWs.resolve("store").resolve(jobId).resolve("site-1").resolve("log.txt");
    await("the server copy of site-1's log.txt to be complete", () -> {
      HttpResponse<String> r = send(url, "GET", "/v1/jobs/" + jobId + "/logs/site-1/log.txt?start=-1", admin, null);
      return r.headers().firstValue("Jobtail-Log-Complete").filter("true"::equals).orElse(null);
    });
    Path siteLog = root.resolve("site-1").resolve(jobId).resolve("log.txt");
    LogCopies.Comparison c = LogCopies.compare(siteLog, copy);
    assertTrue(c.identical(), c.detail());
    assertTrue(c.rotations() >= 1, "the sample job's log rotated at least once, got " + c.rotations());
    assertTrue(new String(Files.readAllBytes(copy), StandardCharsets.UTF_8).contains("process exiting with code 0"),
        "lines written after END_RUN reach the server");
    assertTrue(LogCopies.compare(siteLog.resolveSibling("error_log.txt"), copy.resolveSibling("error_log.txt")).identical());
  }

  private String status(String url, String admin, String jobId) {
    return json(send(url, "GET", "/v1/jobs/" + jobId, admin, null)).path("status").asText();
  }

  private HttpResponse<String> send(String url, String method, String path, String token, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(method + " " + url + path + " failed: " + e, e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** Polls {@code probe} every 200 ms until it returns non-null, failing after {@link #WAIT} with {@code what}. */
  private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting for " + what);
  }
}
