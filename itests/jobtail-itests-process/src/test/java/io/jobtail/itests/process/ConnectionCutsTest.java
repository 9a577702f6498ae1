package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.CuttingProxy;
import io.jobtail.itests.JobtailCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections cut at random during a stream (issue 8): the site, and so its job process (which
 * gets the server's URL from the site), talks to the server through a {@link CuttingProxy} that
 * resets connections after a random number of bytes, in the middle of requests and of replies.
 * The server copy of every log ends byte-identical, nothing duplicated, and the job FINISHED_OK.
 *
 * <p>The seed is printed; {@code -Djobtail.itests.seed=N} replays the same budgets (the exact
 * cuts also depend on thread timing).
 */
class ConnectionCutsTest {
    private static final String SITE = "site-1";
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Mean bytes to the server before a connection is cut (uniform up to twice the mean): mostly larger than a message. */
    private static final long MEAN_UP = 160 * 1024;
    /** Mean bytes back before a cut: a reply is ~200 bytes, so about one reply in ten is lost. */
    private static final long MEAN_DOWN = 2 * 1024;
    /**
     * A tight path: at most 32 KB per connection towards the server, less than one message of a
     * stream that has fallen behind. Before the sender cut its messages down after failures in
     * transit, such a path stalled the stream for good (RELIABILITY.md, "Connections cut").
     */
    private static final long TIGHT_MEAN_UP = 16 * 1024;

    @TempDir
    Path root;
    private JobtailCluster cluster;
    private CuttingProxy proxy;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void connectionsCutAtRandomMidStreamLoseAndDuplicateNothing() throws Exception {
        cutAndCompare(MEAN_UP);
    }

    @Test
    void aPathThatCutsEveryLargeRequestStillDeliversEveryByte() throws Exception {
        cutAndCompare(TIGHT_MEAN_UP);
    }

    private void cutAndCompare(long meanUp) throws Exception {
        long seed = Long.getLong("jobtail.itests.seed", System.nanoTime());
        System.out.println("[reliability] connection cuts: seed " + seed + " (replay with -Djobtail.itests.seed=" + seed + ")");
        cluster = JobtailCluster.create(root, List.of(SITE));
        cluster.startServer();
        proxy = CuttingProxy.start(cluster.url(), seed, meanUp, MEAN_DOWN, 64);
        cluster.startSite(SITE, proxy.url());
        AdminApi admin = cluster.admin();

        String jobId = admin.submit(Jobs.writer("cuts", SITE, "append", 10, 1000));
        Path copy = cluster.serverCopy(jobId, SITE, Jobs.APP_LOG);
        Await.until(WAIT, "app.log of job " + jobId + " to reach the server through the proxy",
                () -> Files.exists(copy) && Files.size(copy) > 0 ? true : null);
        // from the first byte to the end of the job, final status and the site's resume included
        proxy.cutting(true);
        String status = Jobs.awaitEnd(admin, jobId, WAIT);
        Jobs.awaitComplete(admin, jobId, SITE, Jobs.APP_LOG, WAIT);
        Jobs.awaitComplete(admin, jobId, SITE, "log.txt", WAIT);
        Jobs.awaitComplete(admin, jobId, SITE, "error_log.txt", WAIT);
        proxy.cutting(false);
        System.out.println("[reliability] connection cuts: " + proxy);

        assertEquals("FINISHED_OK", status, "seed " + seed);
        assertTrue(proxy.cuts() >= 10, "the proxy cut connections mid-stream, seed " + seed + ": " + proxy);
        WrittenLog app = WrittenLog.compare(cluster.siteFile(jobId, SITE, Jobs.APP_LOG + ".written"), copy);
        String streamer = JobLogLines.aboutStreaming(cluster.siteFile(jobId, SITE, "log.txt"));
        assertNull(app.damage(), "seed " + seed + ": " + app.detail() + streamer);
        assertTrue(app.identical(), "seed " + seed + ": " + app.detail() + streamer);
        for (String file : List.of("log.txt", "error_log.txt")) {
            LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, SITE, file), cluster.serverCopy(jobId, SITE, file));
            assertTrue(c.identical(), "seed " + seed + ", " + file + ": " + c.detail());
        }
        assertTrue(streamer.contains("retrying with backoff"), "the job's streamer saw the cuts and retried" + streamer);
    }
}
