package io.jobtail.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.JobtailCluster;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real job JVMs started with {@code -javaagent:<the shaded jar>} against a real server process.
 * Runs after {@code package} (failsafe), because it needs the shaded jar.
 */
class JobtailAgentIT {
    private static final String SITE = "site-1";
    private static JobtailCluster cluster;
    @TempDir
    static Path root;

    @BeforeAll
    static void startServer() throws IOException {
        cluster = JobtailCluster.create(root.resolve("cluster"), List.of(SITE));
        cluster.startServer();
    }

    @AfterAll
    static void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String fixtureClasses() {
        return JobJvm.requiredProperty("jobtail.fixture.classes");
    }

    private static String options(String server, String jobId, Path log, String extra) {
        return "server=" + server + ",token_file=" + cluster.tokenFile(SITE) + ",job_id=" + jobId + ",site=" + SITE
                + ",log_file=" + log + ",poll_interval=0.05" + extra;
    }

    /**
     * A job the server knows, with {@code site-1} taking part (the server accepts logs only for
     * those); no site runs here, so it stays submitted.
     */
    private static String submitJob(String name) throws IOException {
        return cluster.admin().submit(java.util.Map.of("name", name, "sites", List.of(SITE),
                "work", java.util.Map.of("command", List.of("true"))));
    }

    private static Path jobDir(String jobId) throws IOException {
        return Files.createDirectories(root.resolve("jobs").resolve(jobId));
    }

    @Test
    void streamsTheLogByteIdenticallyIncludingLinesWrittenInTheJobsShutdownHook() throws Exception {
        String job = submitJob("agent-hook-job");
        Path log = jobDir(job).resolve("log.txt");
        JobJvm.Result r = JobJvm.run(log.getParent(), fixtureClasses(), options(cluster.url(), job, log, ""), List.of(),
                "io.jobtail.agent.fixture.HookJob", log.toString(), "2000", "40");

        assertEquals(0, r.exitCode(), "job exit code; stderr: " + r.stderr());
        assertEquals("", r.stderr(), "the agent wrote to the job's stderr");
        assertTrue(r.stdout().contains("HookJob done"), r.stdout());
        byte[] original = Files.readAllBytes(log);
        assertTrue(new String(original, StandardCharsets.UTF_8).endsWith("the last hook line, unterminated"));
        // no waiting: END_RUN joined the drain before the JVM exited
        assertArrayEquals(original, Files.readAllBytes(cluster.serverCopy(job, SITE, "log.txt")),
                "server copy of " + log);
    }

    @Test
    void shutdownHookLinesArriveAlsoWhenTheJobCallsSystemExit() throws Exception {
        String job = submitJob("agent-exit-job");
        Path log = jobDir(job).resolve("log.txt");
        JobJvm.Result r = JobJvm.run(log.getParent(), fixtureClasses(), options(cluster.url(), job, log, ""), List.of(),
                "io.jobtail.agent.fixture.HookJob", log.toString(), "300", "30", "exit");

        assertEquals(0, r.exitCode(), "job exit code; stderr: " + r.stderr());
        assertArrayEquals(Files.readAllBytes(log), Files.readAllBytes(cluster.serverCopy(job, SITE, "log.txt")));
    }

    @Test
    void optionsFromTheEnvironmentAndALogOutsideAJobDirectory() throws Exception {
        String job = submitJob("agent-env-job");
        Path dir = Files.createDirectories(root.resolve("elsewhere"));
        Path log = dir.resolve("app.log");
        JobJvm.Result r = JobJvm.run(dir, fixtureClasses(), "", List.of("JOBTAIL_SERVER=" + cluster.url(),
                "JOBTAIL_TOKEN_FILE=" + cluster.tokenFile(SITE), "JOBTAIL_JOB_ID=" + job, "JOBTAIL_SITE=" + SITE,
                "JOBTAIL_LOG_FILE=app.log", "JOBTAIL_POLL_INTERVAL=0.05"),
                "io.jobtail.agent.fixture.HookJob", log.toString(), "100", "5");

        assertEquals(0, r.exitCode(), "job exit code; stderr: " + r.stderr());
        assertArrayEquals(Files.readAllBytes(log), Files.readAllBytes(cluster.serverCopy(job, SITE, "app.log")));
    }

    @Test
    void aJobWithItsOwnJacksonSeesItsOwnVersion() throws Exception {
        String job = submitJob("agent-jackson-job");
        Path log = jobDir(job).resolve("log.txt");
        String version = JobJvm.requiredProperty("jobtail.fixture.jackson.version");
        String jacksonJars;
        try (Stream<Path> jars = Files.list(Path.of(JobJvm.requiredProperty("jobtail.fixture.jackson.dir")))) {
            jacksonJars = jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        }
        JobJvm.Result r = JobJvm.run(log.getParent(), fixtureClasses() + File.pathSeparator + jacksonJars,
                options(cluster.url(), job, log, ""), List.of(), "io.jobtail.agent.fixture.JacksonJob", log.toString());

        assertEquals(0, r.exitCode(), "job exit code; stderr: " + r.stderr());
        assertEquals("", r.stderr());
        assertEquals("JacksonJob saw " + version, r.stdout().strip());
        String text = Files.readString(log);
        assertTrue(text.startsWith("{\"jackson\":\"" + version + "\",\"core\":\"" + version + "\",\"from\":"), text);
        assertTrue(text.contains("jackson-databind-" + version + ".jar"), text);
        assertArrayEquals(Files.readAllBytes(log), Files.readAllBytes(cluster.serverCopy(job, SITE, "log.txt")));
    }

    @Test
    void aMissingOptionIsOneLineOnStderrAndTheJobRunsUnchanged() throws Exception {
        Path dir = jobDir("agent-no-job-id");
        Path log = dir.resolve("log.txt");
        JobJvm.Result r = JobJvm.run(dir, fixtureClasses(), "server=" + cluster.url() + ",token_file="
                + cluster.tokenFile(SITE) + ",site=" + SITE, List.of(), "io.jobtail.agent.fixture.HookJob", log.toString(),
                "10", "2");

        assertEquals(0, r.exitCode());
        assertEquals("HookJob done", r.stdout().strip());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("jobtail-agent: missing option job_id"), r.stderr());
        assertTrue(Files.readString(log).endsWith("the last hook line, unterminated"));
    }

    @Test
    void theServerDownForTheWholeJobCostsAtMostTheRetryBudget() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String job = submitJob("agent-no-server");
        Path dir = jobDir(job);
        Path log = dir.resolve("log.txt");
        Duration retryBudget = Duration.ofSeconds(2);
        String[] args = {log.toString(), "500", "10"};
        JobJvm.Result without = JobJvm.run(dir, fixtureClasses(), null, List.of(), "io.jobtail.agent.fixture.HookJob", args);
        Files.delete(log);

        JobJvm.Result with = JobJvm.run(dir, fixtureClasses(), options("http://127.0.0.1:" + closedPort, job, log,
                ",retry_budget=" + retryBudget.toSeconds() + ",end_run_timeout=30"), List.of(),
                "io.jobtail.agent.fixture.HookJob", args);

        assertEquals(0, with.exitCode(), "job exit code; stderr: " + with.stderr());
        assertEquals("HookJob done", with.stdout().strip());
        assertTrue(Files.readString(log).endsWith("the last hook line, unterminated"));
        assertTrue(with.stderr().contains("jobtail-agent: WARN"), "no warning on stderr: " + with.stderr());
        // after stop, the attempt in progress gives up within the retry budget (plus one backoff
        // of at most 5 s); 3 s more for a second JVM start and a busy machine
        Duration bound = without.wallTime().plus(retryBudget).plusSeconds(5 + 3);
        assertTrue(with.wallTime().compareTo(bound) <= 0,
                "with the server down the job took " + with.wallTime().toMillis() + " ms, more than " + bound.toMillis()
                        + " ms (" + without.wallTime().toMillis() + " ms without the agent + retry budget); stderr: "
                        + with.stderr());
    }
}
