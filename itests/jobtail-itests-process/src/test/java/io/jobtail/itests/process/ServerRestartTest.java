package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.JobtailClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server killed with SIGKILL and restarted on the same port while a job streams (issues 4
 * and 8): the job is not lost, reaches FINISHED_OK, and every server copy ends byte-identical,
 * with no byte lost or duplicated.
 */
class ServerRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final JobtailClusterExtension clusters = new JobtailClusterExtension();

    @Test
    void serverKilledThreeTimesMidJobLosesNoJobAndNoByte() throws Exception {
        JobtailCluster cluster = clusters.create(List.of("site-1", "site-2"));
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();
        // long enough that three restarts fit in it even on a loaded machine (a restart there can take seconds)
        String jobId = admin.submit(Jobs.sample("restarts", List.of("site-1", "site-2"), 30));
        long last = 0;
        for (int kill = 1; kill <= 3; kill++) {
            long after = last;
            // kill only once new bytes are flowing again, so every kill lands in the middle of a stream
            long held = Await.until(WAIT, "site-1's copy to grow past " + after + " bytes before kill " + kill, () -> {
                Path copy = cluster.serverCopy(jobId, "site-1", "log.txt");
                long size = Files.exists(copy) ? Files.size(copy) : 0;
                return size > after + 4_000L ? size : null;
            });
            last = held;
            cluster.killServer();
            Thread.sleep(700); // down long enough for senders to fail and back off
            cluster.startServer();
            assertTrue(Files.size(cluster.serverCopy(jobId, "site-1", "log.txt")) >= held,
                    "the copy survived kill " + kill);
        }
        assertEquals("FINISHED_OK", Jobs.awaitEnd(admin, jobId, WAIT), "the job survived three server kills");
        assertEquals(1, admin.json("GET", "/v1/jobs", null).path("jobs").size(), "the registry kept the job, once");
        for (String site : cluster.sites()) {
            for (String file : List.of("log.txt", "error_log.txt")) {
                Jobs.awaitComplete(admin, jobId, site, file, WAIT);
                LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, site, file),
                        cluster.serverCopy(jobId, site, file));
                assertTrue(c.identical(), site + " " + file + ": " + c.detail());
            }
        }
    }
}
