package io.jobtail.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar ({@code jobtail stream}) on a shell-script job, and the reference site launching jobs
 * with the sidecar and with the agent, against real server and site processes.
 */
class SidecarAndLauncherIT {
    private static final String SITE = "site-1";
    /** A provisioned site with no site process: the direct sidecar test streams as it. */
    private static final String OTHER = "site-2";
    /** Writes lines with UTF-8 and an unterminated last line, slowly enough to be streamed live. */
    private static final String SCRIPT = "for i in $(seq 1 60); do printf 'script line %s — grüße ✓\\n' \"$i\"; "
            + "[ $((i % 20)) -eq 0 ] && sleep 0.2; done; printf 'unterminated end'";
    private static JobtailCluster cluster;
    @TempDir
    static Path root;

    @BeforeAll
    static void start() throws IOException {
        cluster = JobtailCluster.create(root.resolve("cluster"), List.of(SITE, OTHER));
        cluster.startServer();
        // the default site config, plus where the agent jar is
        Files.createDirectories(cluster.siteWorkspace(SITE));
        Files.writeString(cluster.siteWorkspace(SITE).resolve("site.json"), "{\"allow_log_streaming\": true, "
                + "\"agent_jar\": \"" + JobJvm.agentJar() + "\", \"components\": ["
                + "{\"id\": \"s1\", \"path\": \"io.jobtail.site.SiteLogStreamer\", \"args\": {\"log_file_name\": \"log.txt\"}}]}");
        cluster.startSite(SITE);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSidecarStreamsAShellScriptsLogByteIdenticallyUntilItExits() throws Exception {
        // a job the server knows with the streaming site taking part (it accepts no other logs);
        // no process runs for that site, so only the sidecar sends its logs
        String job = cluster.admin().submit(Map.of("name", "sidecar-direct", "sites", List.of(OTHER),
                "work", Map.of("command", List.of("true"))));
        Path dir = Files.createDirectories(root.resolve("direct"));
        Path log = dir.resolve("script.log");
        Process script = new ProcessBuilder("sh", "-c", "sleep 0.5; " + SCRIPT).redirectOutput(log.toFile())
                .redirectErrorStream(true).start();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.jobtail.cli.Main", "stream", "--file", log.toString(), "--job", job,
                "--site", OTHER, "--server", cluster.url(), "--token-file", cluster.tokenFile(OTHER).toString(),
                "--pid", Long.toString(script.pid()), "--poll-interval", "0.05"));
        Process sidecar = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sidecar.out").toFile()).start();
        try {
            assertTrue(sidecar.waitFor(60, TimeUnit.SECONDS), "the sidecar did not end after the script");
            assertEquals(0, sidecar.exitValue(), Files.readString(dir.resolve("sidecar.out")));
            assertEquals(0, script.exitValue());
            byte[] original = Files.readAllBytes(log);
            assertTrue(new String(original, java.nio.charset.StandardCharsets.UTF_8).endsWith("unterminated end"));
            assertArrayEquals(original, Files.readAllBytes(cluster.serverCopy(job, OTHER, "script.log")));
        } finally {
            script.destroyForcibly();
            sidecar.destroyForcibly();
        }
    }

    private static void awaitSameBytes(String jobId, String file) throws IOException {
        AdminApi admin = cluster.admin();
        String status = Await.until(Duration.ofSeconds(60), "job " + jobId + " to end; site output: "
                + cluster.root().resolve(SITE + ".out"), () -> {
            String s = admin.status(jobId);
            return AdminApi.ended(s) ? s : null;
        });
        assertEquals("FINISHED_OK", status, "job " + jobId + "; site output in " + cluster.root().resolve(SITE + ".out"));
        Path original = cluster.siteFile(jobId, SITE, file);
        Path copy = cluster.serverCopy(jobId, SITE, file);
        Await.condition(Duration.ofSeconds(20), "the server copy of " + original + " to equal it", () -> {
            try {
                return java.util.Arrays.equals(Files.readAllBytes(original), Files.readAllBytes(copy));
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void theSiteLaunchesACommandJobUnderTheSidecar() throws Exception {
        String jobId = cluster.admin().submit(Map.of("name", "sidecar-job", "sites", List.of(SITE),
                "launch", Map.of("mode", "sidecar", "poll_interval", 0.05),
                "work", Map.of("command", List.of("sh", "-c", SCRIPT))));
        awaitSameBytes(jobId, "log.txt");
        assertTrue(Files.readString(cluster.siteFile(jobId, SITE, "log.txt")).endsWith("unterminated end"));
    }

    @Test
    void theSiteLaunchesAJavaJobWithTheAgent() throws Exception {
        String jobId = cluster.admin().submit(Map.of("name", "agent-job", "sites", List.of(SITE),
                "launch", Map.of("mode", "agent", "poll_interval", 0.05),
                "work", Map.of("main_class", "io.jobtail.agent.fixture.HookJob", "args", List.of("log.txt", "300", "10"),
                        "class_path", List.of(JobJvm.requiredProperty("jobtail.fixture.classes")))));
        awaitSameBytes(jobId, "log.txt");
        String text = Files.readString(cluster.siteFile(jobId, SITE, "log.txt"));
        assertTrue(text.contains("HookJob done") && text.contains("hook line 9"), text);
    }
}
