package io.jobtail.itests.felix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.transport.http.SiteTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A Jobtail server and one site ({@value #SITE}) running as DS components in the framework, set up
 * the way an operator does it: tokens from provisioning, then Config Admin configurations for the
 * receiver, the server runtime and the site runtime. Runs inside the framework. {@link #close}
 * deletes the configurations, which stops both runtimes and any job process still running.
 */
final class JobtailInFelix implements AutoCloseable {
    static final String SITE = "site-1";
    static final String RECEIVER_PID = "io.jobtail.receiver.JobLogReceiver";
    static final String SERVER_PID = "io.jobtail.host.server";
    static final String SITE_PID = "io.jobtail.host.site";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(30);

    final Path root;
    final Path serverWorkspace;
    final Path siteWorkspace;
    final Path store;
    private final ConfigurationAdmin configAdmin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;
    private URI server;

    JobtailInFelix(ConfigurationAdmin configAdmin, Path root) {
        this.configAdmin = configAdmin;
        this.root = root;
        this.serverWorkspace = root.resolve("server-ws");
        this.siteWorkspace = root.resolve("site-ws");
        this.store = serverWorkspace.resolve("store");
    }

    /** Provisions tokens, configures the receiver to store where the server's query API reads, starts the server. */
    JobtailInFelix startServer() throws Exception {
        Map<String, Path> tokens = SiteTokens.provision(List.of(SITE, "admin"), root.resolve("tokens"));
        adminToken = SiteTokens.readToken(tokens.get("admin"));
        configure(RECEIVER_PID, Map.of("dest_dir", store.toString()));
        configure(SERVER_PID, Map.of("workspace", serverWorkspace.toString(), "port", 0,
                "tokens_file", root.resolve("tokens").resolve(SiteTokens.SERVER_DIR).resolve(SiteTokens.TOKENS_FILE).toString()));
        Path urlFile = serverWorkspace.resolve("server.url");
        server = URI.create(Poll.until(START, "the server runtime to write " + urlFile,
                () -> Files.exists(urlFile) ? Files.readString(urlFile).trim() : null));
        return this;
    }

    /** Starts the site runtime; its job processes run on the test's job class path. */
    JobtailInFelix startSite() throws Exception {
        configure(SITE_PID, Map.of("name", SITE, "server_url", server.toString(), "workspace", siteWorkspace.toString(),
                "token_file", root.resolve("tokens").resolve(SITE).resolve(SiteTokens.TOKEN_FILE).toString(),
                "poll_interval", 0.2, "job_classpath", System.getProperty(FelixSetup.JOB_CLASSPATH)));
        return this;
    }

    void configure(String pid, Map<String, ?> values) throws IOException {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
    }

    /** Submits a job to {@value #SITE} running SampleJob for one second; returns its id. */
    String submit(String name) throws IOException {
        Map<String, Object> job = Map.of("name", name, "sites", List.of(SITE),
                "work", Map.of("main_class", "io.jobtail.host.demo.SampleJob", "args", List.of("1")));
        return json("POST", "/v1/jobs", JSON.writeValueAsBytes(job)).get("job_id").asText();
    }

    /** Waits for the job to end and returns its final status. */
    String awaitEnded(String jobId) {
        return Poll.until(Duration.ofSeconds(60), "job " + jobId + " to end", () -> {
            String status = json("GET", "/v1/jobs/" + jobId, null).path("status").asText();
            return status.startsWith("FINISHED") || status.equals("ABORTED") ? status : null;
        });
    }

    /** The server's copy of a log through the query API, once the server says it is complete; null until then. */
    byte[] completeLog(String jobId, String file) throws IOException {
        HttpResponse<byte[]> r = send("GET", "/v1/jobs/" + jobId + "/logs/" + SITE + "/" + file + "?start=0", null);
        if (r.statusCode() != 200) {
            return null;
        }
        return r.headers().firstValue("Jobtail-Log-Complete").filter("true"::equals).isPresent() ? r.body() : null;
    }

    /** The job config the site deployed for the job. */
    JsonNode deployedConfig(String jobId) throws IOException {
        return JSON.readTree(siteWorkspace.resolve(jobId).resolve("app_" + SITE).resolve("config")
                .resolve("config_fed_client.json").toFile());
    }

    Path siteLog(String jobId, String file) {
        return siteWorkspace.resolve(jobId).resolve(file);
    }

    private JsonNode json(String method, String path, byte[] body) throws IOException {
        HttpResponse<byte[]> r = send(method, path, body);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        if (r.statusCode() != 200) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + text);
        }
        return JSON.readTree(text);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + path, e);
        }
    }

    /** Deletes the runtimes' and the receiver's configurations: SCR stops the runtimes and their job processes. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (String pid : new String[] {SITE_PID, SERVER_PID, RECEIVER_PID}) {
            try {
                Configuration c = configAdmin.getConfiguration(pid, "?");
                c.delete();
            } catch (IOException | RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
