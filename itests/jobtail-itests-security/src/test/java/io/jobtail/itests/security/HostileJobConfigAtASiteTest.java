package io.jobtail.itests.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Workspace;
import io.jobtail.host.Json;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job config the site cannot edit safely, end to end through a real server and a real site:
 * at BEFORE_JOB_LAUNCH the site's streamer leaves the deployed file byte for byte as the site
 * wrote it and says why, the job is still launched, and the site keeps streaming the next job.
 * (Malformed, huge and other hostile files are covered in the site streamer's unit tests.)
 */
class HostileJobConfigAtASiteTest {
    private static final Duration JOB_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path root;
    private JobtailCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aConfigWhoseComponentsAreNotAListIsLeftAsItWasAndTheJobStillLaunches() throws Exception {
        cluster = JobtailCluster.create(root, List.of("site-a"));
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();
        Map<String, Object> hostile = new LinkedHashMap<>();
        hostile.put("name", "hostile");
        hostile.put("sites", List.of("site-a"));
        hostile.put("components", Map.of("io.jobtail.job.JobLogStreamer", Map.of("log_file_name", "../../../etc/passwd")));
        hostile.put("work", Map.of("command", List.of("true")));

        String jobId = admin.submit(hostile);
        String status = Await.until(JOB_LIMIT, "job " + jobId + " to end", () -> {
            String s = admin.status(jobId);
            return AdminApi.ended(s) ? s : null;
        });

        Path deployed = new Workspace(cluster.siteWorkspace("site-a")).clientConfig(jobId, "site-a");
        JsonNode record = Json.MAPPER.readTree(cluster.serverWorkspace().resolve("jobs").resolve(jobId + ".json").toFile());
        byte[] asTheSiteWroteIt = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(record.get("config"));
        assertArrayEquals(asTheSiteWroteIt, Files.readAllBytes(deployed), "the site streamer did not touch it");
        String siteOutput = Files.readString(root.resolve("site-a.out"));
        assertTrue(siteOutput.contains("Job " + jobId + " at site site-a: cannot edit job config " + deployed)
                && siteOutput.contains("\"components\" is an object, not an array") && siteOutput.contains("left untouched"),
                "the site says why; output in " + root.resolve("site-a.out"));
        assertTrue(status.startsWith("FINISHED"), "the job was launched and ended on its own: " + status);
        assertFalse(Files.exists(cluster.serverCopy(jobId, "site-a", "passwd")), "nothing streamed from outside the job");

        // The site goes on: the next job gets its streamer and its log arrives byte for byte.
        Map<String, Object> normal = new LinkedHashMap<>();
        normal.put("name", "normal");
        normal.put("sites", List.of("site-a"));
        normal.put("work", Map.of("command", List.of("sh", "-c", "for i in 1 2 3; do echo line $i; done")));
        String next = admin.submit(normal);
        assertEquals("FINISHED_OK", Await.until(JOB_LIMIT, "job " + next + " to end", () -> {
            String s = admin.status(next);
            return AdminApi.ended(s) ? s : null;
        }));
        Path original = cluster.siteFile(next, "site-a", "log.txt");
        Await.condition(JOB_LIMIT, "the server copy of " + original + " to be complete and identical", () -> {
            try {
                return admin.logComplete(next, "site-a", "log.txt")
                        && java.util.Arrays.equals(Files.readAllBytes(original),
                                Files.readAllBytes(cluster.serverCopy(next, "site-a", "log.txt")));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertTrue(Files.readString(original).contains("line 3"), "the job's output is in its log");
    }
}
