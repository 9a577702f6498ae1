package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.JobtailClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference launcher for real (issue 4): a server and a site as separate processes on
 * loopback, a job process launched by the site, logs streamed over HTTP; the log is readable while
 * the job runs and byte-identical after it, rotations and post-END_RUN lines included.
 */
class MainJobEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final JobtailClusterExtension clusters = new JobtailClusterExtension();

    @Test
    void siteLogIsReadableWhileTheJobRunsAndByteIdenticalAfterIt() throws Exception {
        JobtailCluster cluster = clusters.create(List.of("site-1"));
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();

        assertEquals(401, admin.send("GET", "/v1/jobs", null, null).statusCode(), "no token");
        assertEquals(401, admin.send("GET", "/v1/jobs", "not-a-token", null).statusCode(), "wrong token");
        assertEquals(403, admin.send("GET", "/v1/jobs", cluster.token("site-1"), null).statusCode(),
                "a site's token is not the admin's");

        String jobId = admin.submit(Jobs.sample("e2e", List.of("site-1"), 8));
        String live = Await.until(WAIT, "site-1's log through the query API while job " + jobId + " runs", () -> {
            JsonNode logs = admin.json("GET", "/v1/jobs/" + jobId + "/logs?site=site-1&file=log.txt", null);
            String text = logs.path("logs").path("site-1").asText("");
            return text.contains("round ") ? text : null;
        });
        assertEquals("RUNNING", admin.status(jobId), "the log was read while the job ran");
        assertTrue(live.contains("sample job starting"), live.substring(0, Math.min(200, live.length())));

        assertEquals("FINISHED_OK", Jobs.awaitEnd(admin, jobId, WAIT));
        Jobs.awaitComplete(admin, jobId, "site-1", "log.txt", WAIT);
        Path copy = cluster.serverCopy(jobId, "site-1", "log.txt");
        LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, "site-1", "log.txt"), copy);
        assertTrue(c.identical(), c.detail());
        assertTrue(c.rotations() >= 1, "the sample job's log rotated at least once, got " + c.rotations());
        assertTrue(new String(Files.readAllBytes(copy), StandardCharsets.UTF_8).contains("process exiting with code 0"),
                "lines written after END_RUN reach the server");
        Jobs.awaitComplete(admin, jobId, "site-1", "error_log.txt", WAIT);
        LogCopies.Comparison errors = LogCopies.compare(cluster.siteFile(jobId, "site-1", "error_log.txt"),
                cluster.serverCopy(jobId, "site-1", "error_log.txt"));
        assertTrue(errors.identical(), errors.detail());
    }
}
