package io.jobtail.bench.system;

import io.jobtail.bench.proc.ChildProcess;
import io.jobtail.cli.Main;
import io.jobtail.host.Json;
import io.jobtail.host.server.JobRecord;
import io.jobtail.host.server.JobStatus;
import io.jobtail.host.server.ServerRuntime;
import io.jobtail.transport.http.SiteTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Jobtail server ({@code jobtail server}, i.e. {@code io.jobtail.cli.Main server}) in a
 * process of its own on loopback, with tokens provisioned for the given sites. The receiver's
 * per-log quota is raised above the default 1 GiB so the throughput log fits with room to spare, and
 * the benchmark's jobs are registered for its sites.
 * {@link #close()} stops the process.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long STARTUP_MS = 60_000;

    private final Path provision;
    private final ChildProcess process;
    private final String url;

    private ServerProcess(Path provision, ChildProcess process, String url) {
        this.provision = provision;
        this.process = process;
        this.url = url;
    }

    /**
     * @param jobs the job ids the senders will stream into, registered for every site before the
     *     server starts (the server accepts a site's logs only for jobs it takes part in)
     * @param jvmOptions extra JVM options for the server (e.g. {@code -Xmx512m})
     */
    public static ServerProcess start(Path root, List<String> sites, List<String> jobs, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(root, sites, jobs, jvmOptions, Build.checkout());
    }

    /** As {@link #start(Path, List, List, List)}, running {@code build}. */
    public static ServerProcess start(Path root, List<String> sites, List<String> jobs, List<String> jvmOptions, Build build)
            throws IOException, InterruptedException {
        Path provision = root.resolve("provision");
        SiteTokens.provision(sites, provision);
        Path ws = provision.resolve(SiteTokens.SERVER_DIR);
        Files.createDirectories(ws);
        registerJobs(ws.resolve("jobs"), sites, jobs);
        Files.writeString(ws.resolve(ServerRuntime.CONFIG_FILE), "{\"components\": [{\"id\": \"log_receiver\","
                + " \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": {\"dest_dir\": \"" + ws.resolve("store")
                + "\", \"quota_bytes\": " + (8L << 30) + "}}]}\n", StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        ChildProcess p = ChildProcess.start("jobtail server", ChildProcess.java(build.classPath(), options, Main.class.getName(),
                List.of("server", "--workspace", ws.toString(), "--port", "0")), root.resolve("server.out"));
        try {
            Path urlFile = ws.resolve(ServerRuntime.URL_FILE);
            long deadline = System.currentTimeMillis() + STARTUP_MS;
            while (!Files.exists(urlFile)) {
                p.requireAlive();
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("the server did not write " + urlFile + " within " + STARTUP_MS + " ms; see " + p.output());
                }
                Thread.sleep(50);
            }
            return new ServerProcess(provision, p, Files.readString(urlFile).strip());
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Writes a job record per job, as the server's job registry persists them (it loads them when it starts). */
    private static void registerJobs(Path dir, List<String> sites, List<String> jobs) throws IOException {
        Files.createDirectories(dir);
        Map<String, JobStatus> perSite = new LinkedHashMap<>();
        sites.forEach(site -> perSite.put(site, JobStatus.SUBMITTED));
        Instant submitted = Instant.now();
        for (String job : jobs) {
            JobRecord record = new JobRecord(job, "bench " + job, JobStatus.SUBMITTED, submitted.toString(), sites, perSite,
                    Json.MAPPER.createObjectNode(), Map.of());
            Files.write(dir.resolve(job + ".json"), Json.MAPPER.writeValueAsBytes(record));
        }
    }

    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public ChildProcess process() {
        return process;
    }

    public Path tokenFile(String site) {
        return provision.resolve(site).resolve(SiteTokens.TOKEN_FILE);
    }

    /** Where the server stores {@code site}'s {@code file} of {@code jobId}. */
    public Path copy(String jobId, String site, String file) {
        return provision.resolve(SiteTokens.SERVER_DIR).resolve("store").resolve(jobId).resolve(site).resolve(file);
    }

    @Override
    public void close() {
        process.close();
    }
}
