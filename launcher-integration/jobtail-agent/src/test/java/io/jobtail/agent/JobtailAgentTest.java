package io.jobtail.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobtail.job.JobLogSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's entry point when it cannot stream: one line on stderr, no session, nothing thrown. */
class JobtailAgentTest {
    @TempDir
    Path dir;

    @Test
    void aLogTheServerCouldNotStoreIsOneLineOnStderrAndNoStreaming() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t\n");
        Path log = dir.resolve("my log.txt");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        JobLogSession session = JobtailAgent.launch("server=http://127.0.0.1:1,token_file=" + token + ",job_id=job-1,site=site-1,"
                + "log_file=" + log, Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertNull(session);
        assertEquals("jobtail-agent: log file " + log + ": the server stores a log under its file name, and \"my log.txt\" is not "
                + "allowed: it contains ' ' at position 2 (allowed: ASCII letters, digits and . _ - + @ =); the job runs without "
                + "log streaming\n", err.toString(StandardCharsets.UTF_8));
    }
}
