package io.jobtail.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's query API (DESIGN §6) as a test uses it: raw requests with any token, and the
 * admin's common calls. The server's URL is read through a supplier on every call, so the same
 * client follows a restarted server. Thread-safe; every request times out after 20 s.
 */
public final class AdminApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final Supplier<String> url;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminApi(Supplier<String> url, String adminToken) {
        this.url = url;
        this.adminToken = adminToken;
    }

    /** The admin token, for tests that send requests of their own. */
    public String token() {
        return adminToken;
    }

    /** Sends {@code method path} with {@code token} (none when null) and {@code body} (none when null). */
    public HttpResponse<byte[]> send(String method, String path, String token, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.get() + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
    }

    /** Sends as the admin and parses the JSON answer; throws naming the status and body unless 200. */
    public JsonNode json(String method, String path, Object body) throws IOException {
        HttpResponse<byte[]> r = send(method, path, adminToken, body == null ? null : MAPPER.writeValueAsBytes(body));
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + text);
        }
        return MAPPER.readTree(text);
    }

    /** Submits a job definition ({@code {"name","sites","work","logging"}}) and returns its id. */
    public String submit(Map<String, Object> definition) throws IOException {
        return json("POST", "/v1/jobs", definition).get("job_id").asText();
    }

    /** The job's status (SUBMITTED, RUNNING, FINISHED_OK, ...). */
    public String status(String jobId) throws IOException {
        return json("GET", "/v1/jobs/" + jobId, null).path("status").asText();
    }

    /** Whether the status is one a job never leaves. */
    public static boolean ended(String status) {
        return status.startsWith("FINISHED") || status.equals("ABORTED");
    }

    /** The raw bytes of a stored log from {@code start}, with the size and completeness headers. */
    public HttpResponse<byte[]> rawLog(String jobId, String site, String file, long start) throws IOException {
        return send("GET", "/v1/jobs/" + jobId + "/logs/" + enc(site) + "/" + enc(file) + "?start=" + start, adminToken, null);
    }

    /** Whether the server says its copy of the log is complete (the stream ended and the job ended). */
    public boolean logComplete(String jobId, String site, String file) throws IOException {
        return rawLog(jobId, site, file, -1).headers().firstValue("Jobtail-Log-Complete").filter("true"::equals).isPresent();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
