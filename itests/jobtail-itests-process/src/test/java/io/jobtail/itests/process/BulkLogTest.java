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
 * A job that writes its log in bursts of megabytes, so that the sender has full batches queued and
 * several DATA messages in flight (and the receiver parks the ones that overtake each other), with
 * the server SIGKILLed and restarted in the middle: the copy ends byte-identical. This is the one
 * end-to-end run of the pipelined path over real HTTP; the other tests' logs are too small for it.
 */
class BulkLogTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** 30 bursts of 1.5 MB of random bytes as base64 (about 2 MB of text each), a quarter second apart. */
    private static final String BURSTS =
            "for i in $(seq 1 30); do head -c 1500000 /dev/urandom | base64; sleep 0.25; done";

    @RegisterExtension
    final JobtailClusterExtension clusters = new JobtailClusterExtension();

    @Test
    void megabytesInBurstsWithAServerKillArriveByteIdentical() throws Exception {
        JobtailCluster cluster = clusters.create(List.of("site-1"));
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();
        String jobId = admin.submit(Jobs.command("bulk", List.of("site-1"), "sh", "-c", BURSTS));
        long held = Await.until(WAIT, "site-1's copy to pass 10 MB", () -> {
            Path copy = cluster.serverCopy(jobId, "site-1", "log.txt");
            long size = Files.exists(copy) ? Files.size(copy) : 0;
            return size > 10_000_000L ? size : null;
        });
        cluster.killServer();
        Thread.sleep(700);
        cluster.startServer();
        assertTrue(Files.size(cluster.serverCopy(jobId, "site-1", "log.txt")) >= held, "the copy survived the kill");

        assertEquals("FINISHED_OK", Jobs.awaitEnd(admin, jobId, WAIT));
        Jobs.awaitComplete(admin, jobId, "site-1", "log.txt", WAIT);
        Path site = cluster.siteFile(jobId, "site-1", "log.txt");
        assertTrue(LogCopies.siteLog(site).length > 50_000_000, "the job wrote its bursts");
        LogCopies.Comparison c = LogCopies.compare(site, cluster.serverCopy(jobId, "site-1", "log.txt"));
        assertTrue(c.identical(), c.detail());
    }
}
