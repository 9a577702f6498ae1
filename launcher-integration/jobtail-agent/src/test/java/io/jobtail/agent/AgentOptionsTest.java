package io.jobtail.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {
    @TempDir
    Path dir;
    private String token;

    @BeforeEach
    void tokenFile() throws Exception {
        token = Files.writeString(dir.resolve("token"), "t\n").toString();
    }

    private String base() {
        return "server=http://127.0.0.1:1,token_file=" + token + ",job_id=job-1,site=site-1";
    }

    private String error(String args, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse(args, env, dir)).getMessage();
    }

    @Test
    void argumentsOverrideTheEnvironmentAndRelativeLogsAreAgainstTheWorkingDirectory() {
        AgentOptions o = AgentOptions.parse(base() + ",poll_interval=0.25", Map.of("JOBTAIL_SITE", "other",
                "JOBTAIL_LOG_FILE", "logs/app.log", "JOBTAIL_RETRY_BUDGET", "3", "JOBTAIL_HOOKS_WAIT", "1.5"), dir);
        assertEquals("site-1", o.site());
        assertEquals(dir.resolve("logs/app.log"), o.logFile());
        assertEquals(Duration.ofMillis(250), o.streamer().pollInterval());
        assertEquals(Duration.ofSeconds(3), o.streamer().retryBudget());
        assertEquals(Duration.ofMillis(1500), o.hooksWait());
    }

    @Test
    void everyProblemIsNamed() {
        assertEquals("missing option job_id (agent option job_id=... or JOBTAIL_JOB_ID)",
                error("server=http://h:1,token_file=" + token + ",site=s", Map.of()));
        assertEquals("unknown agent option \"colour\" (known: server, token_file, job_id, site, log_file, poll_interval, "
                + "liveness_interval, retry_budget, end_run_timeout, chunk_size, hooks_wait)", error(base() + ",colour=red", Map.of()));
        assertEquals("agent option poll_interval must be a number, not \"fast\"", error(base() + ",poll_interval=fast", Map.of()));
        assertEquals("JOBTAIL_SERVER must be an http:// or https:// URL with a host, not \"ftp://x\"",
                error("token_file=" + token + ",job_id=j,site=s", Map.of("JOBTAIL_SERVER", "ftp://x")));
        assertEquals("agent option token_file: token file " + dir.resolve("nope") + " does not exist or cannot be read",
                error("server=http://h:1,token_file=" + dir.resolve("nope") + ",job_id=j,site=s", Map.of()));
        assertEquals("agent argument \"oops\" is not key=value (known keys: server, token_file, job_id, site, log_file, "
                + "poll_interval, liveness_interval, retry_budget, end_run_timeout, chunk_size, hooks_wait)", error(base() + ",oops", Map.of()));
    }
}
