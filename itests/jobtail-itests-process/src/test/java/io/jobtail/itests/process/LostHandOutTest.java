package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.CuttingProxy;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.JobtailClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reply that hands a job to a site is lost: the site talks to the server through a
 * {@link CuttingProxy} that resets the connection carrying the first {@code jobs/next} reply with a
 * job in it, after the server sent it and before the site read it. The server must offer the job
 * again once its hand-out lease lapsed unconfirmed (2 s here, set in {@code server.json}), the site
 * must run it exactly once, and the job must end FINISHED_OK with its log byte-identical on the
 * server.
 *
 * <p>The server's log receiver is configured with a relative {@code dest_dir}, so this also checks
 * that it stores under the server's workspace, not under the server process's working directory.
 */
class LostHandOutTest {
    private static final String SITE = "site-1";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The site's poll for work; its HTTP client sends one request at a time on a connection. */
    private static final String NEXT_REQUEST = "POST /v1/messages/jobs/next ";
    /** In a {@code jobs/next} reply only when it hands out a job. */
    private static final String HANDS_OUT_A_JOB = "\"job_id\"";

    @RegisterExtension
    final JobtailClusterExtension clusters = new JobtailClusterExtension();
    private CuttingProxy proxy;

    /** Runs before the extension stops the cluster: the site may see the proxy go first, which is harmless. */
    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void jobWhoseHandOutReplyIsLostIsOfferedAgainAndRunsExactlyOnce() throws Exception {
        JobtailCluster cluster = clusters.create(List.of(SITE));
        cluster.serverConfig("{\"hand_out_lease_seconds\": 2, \"components\": [{\"id\": \"log_receiver\","
                + " \"path\": \"io.jobtail.receiver.JobLogReceiver\", \"args\": {\"dest_dir\": \"store\"}}]}");
        cluster.startServer();
        proxy = CuttingProxy.cutFirstReply(cluster.url(), NEXT_REQUEST, HANDS_OUT_A_JOB, 64);
        proxy.cutting(true);
        cluster.startSite(SITE, proxy.url());
        AdminApi admin = cluster.admin();

        String jobId = admin.submit(Jobs.sample("lost-hand-out", List.of(SITE), 2));
        String status = Jobs.awaitEnd(admin, jobId, WAIT);
        Jobs.awaitComplete(admin, jobId, SITE, "log.txt", WAIT);

        assertEquals(1, proxy.cuts(), "the proxy lost exactly one hand-out reply: " + proxy);
        assertEquals("FINISHED_OK", status);
        Path serverLog = cluster.serverWorkspace().resolve("server_logs").resolve(jobId).resolve("log.txt");
        String assigned = Files.readString(serverLog);
        assertEquals(1, count(assigned, "job assigned to site " + SITE), assigned);
        assertTrue(count(assigned, "job offered again to site " + SITE) >= 1, "the server offered the job again:\n" + assigned);
        String siteOut = Files.readString(cluster.root().resolve(SITE + ".out"));
        assertEquals(1, count(siteOut, "launching job " + jobId), "the site launched the job exactly once:\n" + siteOut);
        assertEquals(1, count(Files.readString(cluster.siteFile(jobId, SITE, "log.txt")), "sample job starting"),
                "one job process wrote the job's log");

        // dest_dir "store" is relative: the receiver must store under the server's workspace
        Path copy = cluster.serverCopy(jobId, SITE, "log.txt");
        assertTrue(Files.isRegularFile(copy), "the server copy is under the workspace: " + copy);
        LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, SITE, "log.txt"), copy);
        assertTrue(c.identical(), "log.txt: " + c.detail());
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
