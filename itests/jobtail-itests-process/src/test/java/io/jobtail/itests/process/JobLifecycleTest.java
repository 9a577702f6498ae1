package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.cli.LogCopies;
import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.JobtailCluster.CommandResult;
import io.jobtail.itests.JobtailClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job's life controlled from outside, end to end with the real {@code jobtail} command:
 * {@code log-config} (issue 4), {@code jobs abort} (issue 4), and the job process killed (issue 8).
 */
class JobLifecycleTest {
    private static final String SITE = "site-1";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    final JobtailClusterExtension clusters = new JobtailClusterExtension();
    private JobtailCluster cluster;
    private AdminApi admin;

    @BeforeEach
    void start() throws Exception {
        cluster = clusters.create(List.of(SITE));
        cluster.receiverConfig(cluster.serverWorkspace().resolve("store"), "\"idle_timeout\": 2");
        cluster.startServer();
        cluster.startSites();
        admin = cluster.admin();
    }

    private CommandResult jobtail(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", cluster.url(), "--token-file", cluster.tokenFile("admin").toString()));
        return cluster.run(all.toArray(new String[0]));
    }

    @Test
    void logConfigChangesTheLevelOfARunningJobAbortStopsItAndLogConfigIsThenRefused() throws Exception {
        String jobId = admin.submit(Jobs.sample("control", List.of(SITE), 60));
        Path copy = cluster.serverCopy(jobId, SITE, "log.txt");
        Await.condition(WAIT, "job " + jobId + " logging rounds", () -> contains(copy, "round "));
        assertTrue(!contains(copy, "debug detail"), "DEBUG is off by default");

        CommandResult set = jobtail("log-config", jobId, "DEBUG", "--site", SITE);
        assertEquals(0, set.exitCode(), set.out() + set.stderr());
        Await.condition(WAIT, "DEBUG lines in the server copy after log-config", () -> contains(copy, "debug detail"));
        assertTrue(contains(copy, "log level changed to DEBUG by log-config"), "the change is logged in the job's log");

        CommandResult abort = jobtail("jobs", "abort", jobId);
        assertEquals(0, abort.exitCode(), abort.out() + abort.stderr());
        assertEquals("ABORTED", Jobs.awaitEnd(admin, jobId, WAIT));
        Await.condition(WAIT, "the aborted job's process to be gone", () -> cluster.jobProcesses(SITE).isEmpty());
        Jobs.awaitComplete(admin, jobId, SITE, "log.txt", WAIT);
        LogCopies.Comparison c = LogCopies.compare(cluster.siteFile(jobId, SITE, "log.txt"), copy);
        assertTrue(c.identical(), "the aborted job's log: " + c.detail());

        CommandResult refused = jobtail("log-config", jobId, "INFO");
        assertEquals(4, refused.exitCode(), "JOB_ENDED exits 4 (the CLI's code for it): " + refused.out() + refused.stderr());
        assertTrue(refused.stderr().contains("JOB_ENDED"), refused.stderr());
        assertTrue((refused.out() + refused.stderr()).contains("has ended"), refused.out() + refused.stderr());
    }

    @Test
    void aKilledJobProcessLeavesItsLogTimedOutWithThePartialCopyKeptAndLogsSaySo() throws Exception {
        // app.log is streamed only by the job's own streamer: nobody resends it once the job dies
        String jobId = admin.submit(Jobs.writer("killed", SITE, "append", 120, 1000));
        Path copy = cluster.serverCopy(jobId, SITE, Jobs.APP_LOG);
        Await.until(WAIT, "app.log of job " + jobId + " to reach the server", () -> Files.size(copy) > 10_000 ? true : null);
        List<ProcessHandle> jobs = cluster.jobProcesses(SITE);
        assertEquals(1, jobs.size(), "one job process: " + jobs);
        jobs.get(0).destroyForcibly();

        Path state = copy.resolveSibling(Jobs.APP_LOG + ".state.json");
        Await.condition(Duration.ofSeconds(30), "the receiver to mark app.log TIMEOUT after its 2 s idle timeout",
                () -> read(state).contains("\"TIMEOUT\""));
        byte[] written = Files.readAllBytes(cluster.siteFile(jobId, SITE, Jobs.APP_LOG + ".written"));
        byte[] kept = Files.readAllBytes(copy);
        assertTrue(kept.length > 10_000 && Arrays.equals(kept, Arrays.copyOf(written, kept.length)),
                "the partial copy is kept and is a prefix of what was written (" + kept.length + " of " + written.length + ")");
        assertEquals("FINISHED_EXCEPTION", Jobs.awaitEnd(admin, jobId, WAIT));
        // log.txt is also the site's: its JOB_COMPLETED resume completes it even though the job died
        Jobs.awaitComplete(admin, jobId, SITE, "log.txt", WAIT);

        CommandResult logs = jobtail("logs", jobId, "--site", SITE, "--file", Jobs.APP_LOG, "--tail", "1");
        assertEquals(0, logs.exitCode(), logs.stderr());
        assertTrue(logs.stderr().contains("TIMEOUT"), "jobtail logs says the copy is incomplete: " + logs.stderr());
    }

    private static boolean contains(Path file, String text) {
        return read(file).contains(text);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
