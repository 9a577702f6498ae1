package io.jobtail.itests;

import io.jobtail.cli.Main;
import io.jobtail.host.server.ServerRuntime;
import io.jobtail.transport.http.SiteTokens;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Jobtail installation on loopback for tests and benchmarks: tokens provisioned for the
 * given sites and {@code admin}, one server process and one process per site, each running
 * {@code io.jobtail.cli.Main} on this JVM's class path with its output in {@code <root>/<name>.out}.
 *
 * <p>The server keeps the port it first bound, so sites keep talking to it across
 * {@link #killServer()} and {@link #startServer()}. {@link #close()} stops every process this
 * cluster started (SIGTERM, then SIGKILL after a grace period), newest first, and is idempotent.
 * Not thread-safe: one test thread drives a cluster.
 */
public final class JobtailCluster implements AutoCloseable {
    /** How long a process may take to come up or to stop. */
    public static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(10);
    /**
     * JVM options for one-shot commands ({@link #run}): a CLI call lives about a second, so the C1
     * compiler alone and the serial collector cost a third less CPU than the defaults on the
     * shared test machine, and change nothing the command prints.
     */
    private static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path root;
    private final Path tokens;
    private final List<String> sites;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> siteProcesses = new LinkedHashMap<>();
    private final List<String> serverArgs = new ArrayList<>();
    /** JAVA_TOOL_OPTIONS for later site starts (and so for their job processes); empty: none. */
    private String siteJvmOptions = "";
    private Process server;
    private String url;
    private int port;

    private JobtailCluster(Path root, List<String> sites) {
        this.root = root;
        this.tokens = root.resolve("provision");
        this.sites = List.copyOf(sites);
    }

    /** Provisions tokens for {@code sites} and {@code admin} under {@code root}; starts nothing. */
    public static JobtailCluster create(Path root, List<String> sites) throws IOException {
        JobtailCluster cluster = new JobtailCluster(root, sites);
        List<String> names = new ArrayList<>(sites);
        names.add("admin");
        SiteTokens.provision(names, cluster.tokens);
        return cluster;
    }

    /** Extra arguments for every later {@code jobtail server} start (e.g. a config). */
    public JobtailCluster serverArgs(String... args) {
        serverArgs.addAll(List.of(args));
        return this;
    }

    /**
     * JVM options for every later {@link #startSite} and, through {@code JAVA_TOOL_OPTIONS} (which
     * child JVMs inherit), for the job processes the site launches: e.g. a lighter JIT for tests
     * that launch hundreds of short jobs. Each such JVM prints "Picked up JAVA_TOOL_OPTIONS" first.
     */
    public JobtailCluster siteJvmOptions(String... options) {
        siteJvmOptions = String.join(" ", options);
        return this;
    }

    public Path root() {
        return root;
    }

    public List<String> sites() {
        return sites;
    }

    /** The server's workspace (registry, store, server.url). */
    public Path serverWorkspace() {
        return tokens.resolve("server");
    }

    /** Where the server stores {@code site}'s copy of {@code file} for {@code jobId}. */
    public Path serverCopy(String jobId, String site, String file) {
        return serverWorkspace().resolve("store").resolve(jobId).resolve(site).resolve(file);
    }

    /** A site's workspace. */
    public Path siteWorkspace(String site) {
        return root.resolve(site);
    }

    /** The site's original of {@code file} for {@code jobId}. */
    public Path siteFile(String jobId, String site, String file) {
        return siteWorkspace(site).resolve(jobId).resolve(file);
    }

    /** The token file provisioned for {@code name} (a site or {@code admin}). */
    public Path tokenFile(String name) {
        return tokens.resolve(name).resolve("token");
    }

    /** The token provisioned for {@code name}. */
    public String token(String name) throws IOException {
        return Files.readString(tokenFile(name)).strip();
    }

    /** The server's base URL; only after {@link #startServer()}. */
    public String url() {
        if (url == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return url;
    }

    /** An admin client that follows the server across restarts. */
    public AdminApi admin() throws IOException {
        return new AdminApi(this::url, token("admin"));
    }

    /**
     * Starts the server (on the port it had before, if it ran before) and waits until it has
     * written its URL file. Throws naming the output file if it exits or never comes up.
     */
    public Process startServer() throws IOException {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("the server is already running (pid " + server.pid() + ")");
        }
        Path urlFile = serverWorkspace().resolve(ServerRuntime.URL_FILE);
        Files.deleteIfExists(urlFile);
        List<String> args = new ArrayList<>(List.of("server", "--workspace", serverWorkspace().toString(),
                "--port", Integer.toString(port)));
        args.addAll(serverArgs);
        Path out = root.resolve("server.out");
        Process p = start(out, args);
        server = p;
        url = Await.until(STARTUP, "the server's URL file " + urlFile + " (output in " + out + ")", () -> {
            if (!p.isAlive()) {
                throw new AssertionError("the server exited with " + p.exitValue() + "; it printed:\n" + tail(out));
            }
            return Files.exists(urlFile) ? Files.readString(urlFile).strip() : null;
        });
        port = URI.create(url).getPort();
        return p;
    }

    /** Kills the server with SIGKILL ({@code kill -9}) and waits until it is gone. */
    public void killServer() throws InterruptedException {
        Process p = server;
        if (p == null) {
            throw new IllegalStateException("the server has not been started");
        }
        p.destroyForcibly();
        if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server (pid " + p.pid() + ") survived SIGKILL for " + GRACE);
        }
    }

    /** The server process, or null before {@link #startServer()}. */
    public Process server() {
        return server;
    }

    /** Starts every site (after the server). */
    public void startSites() throws IOException {
        for (String site : sites) {
            startSite(site);
        }
    }

    /** Starts {@code site}, polling the server for work every 200 ms. */
    public Process startSite(String site) throws IOException {
        return startSite(site, url());
    }

    /**
     * Starts {@code site} talking to {@code serverUrl} instead of the server's own URL (a proxy in
     * front of it, for tests that cut connections); its jobs talk to the same URL.
     */
    public Process startSite(String site, String serverUrl) throws IOException {
        Process p = start(root.resolve(site + ".out"), List.of("site", "--name", site, "--server", serverUrl,
                "--workspace", siteWorkspace(site).toString(), "--token-file", tokenFile(site).toString(),
                "--poll-ms", "200"), siteJvmOptions);
        siteProcesses.put(site, p);
        return p;
    }

    /** The running process of {@code site}, or null. */
    public Process site(String site) {
        return siteProcesses.get(site);
    }

    /** The job processes {@code site} has running now (its live descendants); empty when none. */
    public List<ProcessHandle> jobProcesses(String site) {
        Process p = siteProcesses.get(site);
        return p == null ? List.of() : p.descendants().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /** Writes the server's {@code server.json} (its widgets), for the next {@link #startServer()}. */
    public void serverConfig(String json) throws IOException {
        Files.createDirectories(serverWorkspace());
        Files.writeString(serverWorkspace().resolve(ServerRuntime.CONFIG_FILE), json);
    }

    /**
     * Writes {@code site}'s {@code site.json} (its settings and widgets, e.g. which files its site
     * streamers stream), for the next {@link #startSite}.
     */
    public void siteConfig(String site, String json) throws IOException {
        Files.createDirectories(siteWorkspace(site));
        Files.writeString(siteWorkspace(site).resolve(io.jobtail.host.site.SiteRuntime.CONFIG_FILE), json);
    }

    /**
     * Writes a {@code server.json} with the one log receiver storing into {@code store} with the
     * given extra receiver arguments (a JSON object's members, e.g. {@code "idle_timeout": 2}).
     */
    public void receiverConfig(Path store, String extraArgs) throws IOException {
        String dest = store.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        serverConfig("{\"components\": [{\"id\": \"log_receiver\", \"path\": \"io.jobtail.receiver.JobLogReceiver\", "
                + "\"args\": {\"dest_dir\": \"" + dest + "\"" + (extraArgs == null || extraArgs.isBlank() ? "" : ", " + extraArgs)
                + "}}]}");
    }

    /** Runs {@code jobtail <args>} to completion (bounded) and returns its exit code and output. */
    public CommandResult run(String... args) throws IOException, InterruptedException {
        return run(STARTUP, args);
    }

    /** {@link #run(String...)} that fails if the command takes longer than {@code limit}. */
    public CommandResult run(Duration limit, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(root, "cmd-", ".out");
        Path err = Files.createTempFile(root, "cmd-", ".err");
        Process p = new ProcessBuilder(command(SHORT_LIVED, List.of(args))).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("jobtail " + String.join(" ", args) + " did not end within " + limit
                    + "; it printed: " + Files.readString(out) + Files.readString(err));
        }
        return new CommandResult(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    /** What a finished {@code jobtail} command printed. */
    public record CommandResult(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The last 4 KB of a process's output file, for failure messages (the temp dir may be gone later). */
    private static String tail(Path output) throws IOException {
        String text = Files.exists(output) ? Files.readString(output) : "(no output file " + output + ")";
        return text.length() > 4096 ? "…" + text.substring(text.length() - 4096) : text;
    }

    private Process start(Path output, List<String> args) throws IOException {
        return start(output, args, "");
    }

    private Process start(Path output, List<String> args, String javaToolOptions) throws IOException {
        File out = output.toFile();
        ProcessBuilder b = new ProcessBuilder(command(List.of(), args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out));
        if (!javaToolOptions.isEmpty()) {
            b.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Process p = b.start();
        processes.add(p);
        return p;
    }

    private static List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Copies everything under the cluster's root (process outputs, workspaces, the server's store)
     * to {@code dest}, so that a failed run can be read after its temporary directory is gone.
     * Best effort: what cannot be copied is skipped; never throws.
     *
     * @return {@code dest}
     */
    public Path keepEvidence(Path dest) {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = dest.resolve(root.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(p)) {
                        Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    // a file that vanished or cannot be read: keep the rest
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // keep what was copied
        }
        return dest;
    }

    /**
     * Stops every process this cluster started, newest first, and then every job process the
     * sites left behind (a site killed with SIGKILL cannot stop its jobs); idempotent.
     */
    @Override
    public void close() {
        List<Process> toStop = new ArrayList<>(processes);
        processes.clear();
        Collections.reverse(toStop);
        List<ProcessHandle> descendants = toStop.stream().flatMap(Process::descendants).collect(Collectors.toList());
        toStop.forEach(Process::destroy);
        for (Process p : toStop) {
            try {
                if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle orphan : descendants) {
            if (orphan.isAlive()) {
                orphan.destroyForcibly();
                orphan.onExit().completeOnTimeout(orphan, GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        }
    }
}
