package io.jobtail.host.site;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a job as a separate JVM running {@code io.jobtail.host.job.JobRunner} on this process's
 * class path. The job's own output (not its logs, which it writes itself) goes to
 * {@code <job dir>/job_process.out}. Stateless; thread-safe.
 */
public final class JobLauncher {
    /** The job process's main class, named here so the site needs no compile-time link to it. */
    public static final String JOB_RUNNER = "io.jobtail.host.job.JobRunner";

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

    /** Starts the job process; the caller owns it and must wait for it or destroy it. */
    public Process start(Path workspace, Path jobDir, String jobId, String site, URI server, Path tokenFile)
            throws IOException {
        Files.createDirectories(jobDir);
        Path out = jobDir.resolve("job_process.out");
        return new ProcessBuilder(command(workspace, jobId, site, server, tokenFile))
                .directory(jobDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .start();
    }
}
