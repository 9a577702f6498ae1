package io.jobtail.host.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.host.Json;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLauncherTest {
    @TempDir
    Path dir;

    private static LaunchConfig parse(String json) throws Exception {
        return LaunchConfig.of(Json.MAPPER.readTree(json));
    }

    @Test
    void noLaunchObjectMeansTheJobRunner() throws Exception {
        assertEquals(LaunchConfig.Mode.RUNNER, parse("{\"work\": {\"main_class\": \"x.Y\"}}").mode());
        assertEquals(LaunchConfig.Mode.RUNNER, LaunchConfig.of(null).mode());
    }

    @Test
    void aSidecarJobRunsItsCommandWithItsArgs() throws Exception {
        LaunchConfig c = parse("{\"launch\": {\"mode\": \"sidecar\", \"log_file\": \"out/job.log\", \"poll_interval\": 0.1},"
                + " \"work\": {\"command\": [\"sh\", \"job.sh\"], \"args\": [\"a\"]}}");
        assertEquals(List.of("sh", "job.sh", "a"), c.command());
        assertEquals("out/job.log", c.logFile());
        List<String> cmd = JobLauncher.sameClassPath().sidecarCommand(c, dir.resolve("out/job.log"), 42, "job-1", "site-1",
                URI.create("http://127.0.0.1:1"), dir.resolve("token"));
        String line = String.join(" ", cmd);
        assertTrue(line.contains(JobLauncher.CLI_MAIN + " stream --file " + dir.resolve("out/job.log") + " --job job-1"
                + " --site site-1 --server http://127.0.0.1:1 --token-file " + dir.resolve("token") + " --pid 42"
                + " --poll-interval 0.1"), line);
    }

    @Test
    void anAgentJobGetsTheAgentWithItsOptions() throws Exception {
        LaunchConfig c = parse("{\"launch\": {\"mode\": \"agent\", \"retry_budget\": 5},"
                + " \"work\": {\"main_class\": \"a.Main\", \"args\": [\"x\"], \"class_path\": [\"/a.jar\", \"/b.jar\"],"
                + " \"jvm_args\": [\"-Xmx64m\"]}}");
        List<String> cmd = new JobLauncher("/site.jar").agentCommand(c, Path.of("/agent.jar"), dir.resolve("log.txt"), "job-1",
                "site-1", URI.create("http://127.0.0.1:1"), dir.resolve("token"));
        assertEquals("-javaagent:/agent.jar=server=http://127.0.0.1:1,token_file=" + dir.resolve("token")
                + ",job_id=job-1,site=site-1,log_file=" + dir.resolve("log.txt") + ",retry_budget=5.0", cmd.get(1));
        assertEquals(List.of("-Xmx64m", "-cp", "/a.jar:/b.jar", "a.Main", "x"), cmd.subList(2, cmd.size()));
    }

    @Test
    void badLaunchSettingsAreNamed() {
        assertEquals("launch.mode must be runner, sidecar or agent, not \"docker\"",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"launch\": {\"mode\": \"docker\"}}")).getMessage());
        assertEquals("launch.mode sidecar needs work.command, a non-empty list",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"launch\": {\"mode\": \"sidecar\"}, \"work\": {}}"))
                        .getMessage());
        assertEquals("launch.mode agent needs work.main_class, a class name",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"launch\": {\"mode\": \"agent\"}}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> parse("{\"launch\": {\"mode\": \"agent\", \"log_file\": \"../x\"}, \"work\": {\"main_class\": \"a\"}}"))
                .getMessage().startsWith("launch.log_file: "));
        assertEquals("launch.retry_budget must be a number of seconds, not \"soon\"",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"launch\": {\"mode\": \"agent\", \"retry_budget\":"
                        + " \"soon\"}, \"work\": {\"main_class\": \"a\"}}")).getMessage());
    }

    @Test
    void withoutAnAgentJarTheLaunchFailsNamingBothPlaces() {
        String saved = System.clearProperty(JobLauncher.AGENT_JAR_PROPERTY);
        try {
            String msg = assertThrows(IllegalArgumentException.class, () -> JobLauncher.agentJar(dir)).getMessage();
            assertTrue(msg.contains("-D" + JobLauncher.AGENT_JAR_PROPERTY) && msg.contains("\"agent_jar\" in " + dir.resolve("site.json")), msg);
        } finally {
            if (saved != null) {
                System.setProperty(JobLauncher.AGENT_JAR_PROPERTY, saved);
            }
        }
    }
}
