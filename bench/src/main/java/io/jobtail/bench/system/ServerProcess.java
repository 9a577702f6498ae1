package io.jobtail.bench.system;

import io.jobtail.bench.proc.ChildProcess;
import io.jobtail.cli.Main;
import io.jobtail.host.server.ServerRuntime;
import io.jobtail.transport.http.SiteTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Jobtail server ({@code jobtail server}, i.e. {@code io.jobtail.cli.Main server}) in a
 * process of its own on loopback, with tokens provisioned for the given sites. The receiver's
 * per-log quota is raised above the default 1 GiB so the throughput log fits with room to spare.
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

    /** @param jvmOptions extra JVM options for the server (e.g. {@code -Xmx512m}) */
    public static ServerProcess start(Path root, List<String> sites, List<String> jvmOptions) throws IOException, InterruptedException {
        Path provision = root.resolve("provision");
        SiteTokens.provision(sites, provision);
        Path ws = provision.resolve(SiteTokens.SERVER_DIR);
        Files.createDirectories(ws);
        Files.writeString(ws.resolve(ServerRuntime.CONFIG_FILE), "{\"components\": [{\"id\": \"log_receiver\","
                + " \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": {\"dest_dir\": \"" + ws.resolve("store")
                + "\", \"quota_bytes\": " + (8L << 30) + "}}]}\n", StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        ChildProcess p = ChildProcess.start("jobtail server", ChildProcess.java(options, Main.class.getName(),
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
