package io.jobtail.host.site;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Workspace;
import io.jobtail.host.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a job's process, in the way its deployed config ({@code config_fed_client.json}) asks in
 * its {@code launch} object:
 *
 * <ul>
 * <li>{@code "launch": {"mode": "runner"}} (the default, also when there is no {@code launch}): a
 *     JVM running {@code io.jobtail.host.job.JobRunner} on this process's class path, which loads
 *     the config's components itself; its output goes to {@code <job dir>/job_process.out}.</li>
 * <li>{@code "launch": {"mode": "sidecar"}}: the command {@code work.command} (plus
 *     {@code work.args}) in the job directory, its stdout and stderr appended to the log, and beside
 *     it {@code jobtail stream --pid <command>} streaming that log until the command has exited.
 *     The site sees both as one process ({@link SidecarJob}).</li>
 * <li>{@code "launch": {"mode": "agent"}}: a JVM running {@code work.main_class} with
 *     {@code work.args}, on {@code work.class_path} (a list; default: this process's class path),
 *     with {@code work.jvm_args} and {@code -javaagent:<agent jar>=...} streaming the log; its
 *     stdout and stderr are appended to the log. The agent jar is the system property
 *     {@value #AGENT_JAR_PROPERTY}, else {@value #AGENT_JAR_SETTING} in the site's {@code site.json};
 *     without either the launch fails, naming both.</li>
 * </ul>
 *
 * Both sidecar and agent take from {@code launch}: {@code log_file} (the log, relative to the job
 * directory, default {@code log.txt}) and, in seconds, {@code poll_interval}, {@code retry_budget},
 * {@code end_run_timeout}. A bad {@code launch} fails the launch with an
 * {@link IllegalArgumentException} naming the key. Stateless; thread-safe.
 */
public final class JobLauncher implements JobProcessStarter {
    /** The job process's main class, named here so the site needs no compile-time link to it. */
    public static final String JOB_RUNNER = "io.jobtail.host.job.JobRunner";
    /** The {@code jobtail} command's main class, which runs the sidecar ({@code jobtail stream}). */
    public static final String CLI_MAIN = "io.jobtail.cli.Main";
    /** System property naming the shaded agent jar. */
    public static final String AGENT_JAR_PROPERTY = "jobtail.agent.jar";
    /** {@code site.json} setting naming the shaded agent jar. */
    public static final String AGENT_JAR_SETTING = "agent_jar";

    private final String classPath;

    public JobLauncher(String classPath) {
        this.classPath = classPath;
    }

    /** Launches with the class path of this JVM. */
    public static JobLauncher sameClassPath() {
        return new JobLauncher(System.getProperty("java.class.path"));
    }

    /** The command line of a job process. */
    public List<String> command(Path workspace, String jobId, String site, URI server, Path tokenFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(JOB_RUNNER);
        cmd.add("--workspace");
        cmd.add(workspace.toString());
        cmd.add("--job");
        cmd.add(jobId);
        cmd.add("--site");
        cmd.add(site);
        cmd.add("--server");
        cmd.add(server.toString());
        cmd.add("--token-file");
        cmd.add(tokenFile.toAbsolutePath().toString());
        return cmd;
    }

    /**
     * Starts the job process as its config asks; the caller owns it and must wait for it or destroy it.
     *
     * @throws IllegalArgumentException if the config's {@code launch} is bad, or the agent jar is not configured
     */
    @Override
    public Process start(Path workspace, Path jobDir, String jobId, String site, URI server, Path tokenFile)
            throws IOException {
        Files.createDirectories(jobDir);
        LaunchConfig launch;
        try {
            launch = LaunchConfig.of(Json.readIfExists(new Workspace(workspace).clientConfig(jobId, site)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job " + jobId + ": " + e.getMessage(), e);
        }
        switch (launch.mode()) {
            case SIDECAR: {
                Path log = jobDir.resolve(launch.logFile());
                Files.createDirectories(log.getParent());
                Process command = new ProcessBuilder(launch.command()).directory(jobDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                try {
                    Process sidecar = startJvm(jobDir, sidecarCommand(launch, log, command.pid(), jobId, site, server, tokenFile));
                    return new SidecarJob(command, sidecar);
                } catch (IOException | RuntimeException e) {
                    command.destroyForcibly();
                    throw e;
                }
            }
            case AGENT: {
                Path log = jobDir.resolve(launch.logFile());
                Files.createDirectories(log.getParent());
                return new ProcessBuilder(agentCommand(launch, agentJar(workspace), log, jobId, site, server, tokenFile))
                        .directory(jobDir.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            }
            default:
                return startJvm(jobDir, command(workspace, jobId, site, server, tokenFile));
        }
    }

    private static Process startJvm(Path jobDir, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).directory(jobDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(jobDir.resolve("job_process.out").toFile())).start();
    }

    /** {@code jobtail stream} for a command job's log. */
    List<String> sidecarCommand(LaunchConfig launch, Path log, long pid, String jobId, String site, URI server,
            Path tokenFile) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", classPath, CLI_MAIN, "stream", "--file", log.toString(),
                "--job", jobId, "--site", site, "--server", server.toString(), "--token-file",
                tokenFile.toAbsolutePath().toString(), "--pid", Long.toString(pid)));
        for (Map.Entry<String, Double> e : launch.streamer().entrySet()) {
            cmd.add("--" + e.getKey().replace('_', '-'));
            cmd.add(Double.toString(e.getValue()));
        }
        return cmd;
    }

    /** A Java job with the agent. */
    List<String> agentCommand(LaunchConfig launch, Path agentJar, Path log, String jobId, String site, URI server,
            Path tokenFile) {
        StringBuilder options = new StringBuilder().append("server=").append(server).append(",token_file=")
                .append(tokenFile.toAbsolutePath()).append(",job_id=").append(jobId).append(",site=").append(site)
                .append(",log_file=").append(log);
        launch.streamer().forEach((k, v) -> options.append(',').append(k).append('=').append(v));
        List<String> cmd = new ArrayList<>(List.of(java(), "-javaagent:" + agentJar + "=" + options));
        cmd.addAll(launch.jvmArgs());
        cmd.add("-cp");
        cmd.add(launch.classPath().isEmpty() ? classPath : String.join(File.pathSeparator, launch.classPath()));
        cmd.add(launch.mainClass());
        cmd.addAll(launch.args());
        return cmd;
    }

    /** The agent jar: the system property, else the site setting; fails naming both. */
    static Path agentJar(Path workspace) {
        String jar = System.getProperty(AGENT_JAR_PROPERTY);
        if (jar == null || jar.isBlank()) {
            JsonNode siteConfig = Json.readIfExists(workspace.resolve(SiteRuntime.CONFIG_FILE));
            jar = siteConfig == null ? null : siteConfig.path(AGENT_JAR_SETTING).asText(null);
        }
        if (jar == null || jar.isBlank()) {
            throw new IllegalArgumentException("launch mode agent needs the agent jar: set -D" + AGENT_JAR_PROPERTY
                    + "=<jobtail-agent-...-agent.jar> on the site or \"" + AGENT_JAR_SETTING + "\" in "
                    + workspace.resolve(SiteRuntime.CONFIG_FILE));
        }
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("the agent jar " + path.toAbsolutePath() + " (" + AGENT_JAR_PROPERTY + " or "
                    + AGENT_JAR_SETTING + ") does not exist");
        }
        return path.toAbsolutePath();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
