package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.ProcessProbe;
import io.jobtail.itests.ProcessProbe.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of jobs started and finished back to back (issue 8): short command jobs on two sites,
 * submitted in waves; every one FINISHED_OK with its log.txt byte-identical on the server, and the
 * server (one long-lived process) holds no more threads, file descriptors or heap after the last
 * wave than after a warm-up wave, within tolerances sized to catch a leak of one thread, one file
 * or one stream's buffers per job.
 *
 * <p>The job processes run with a lighter JIT ({@code JAVA_TOOL_OPTIONS}, inherited from the site)
 * so that hundreds of JVM starts fit in the test's time on a shared 2-core machine; the server,
 * which is what is measured, runs as usual. {@code -Djobtail.itests.manyJobs=N} changes the count.
 */
class ManyJobsTest {
    private static final List<String> SITES = List.of("site-1", "site-2");
    private static final int JOBS = Integer.getInteger("jobtail.itests.manyJobs", 200);
    private static final int WAVE = 20;
    private static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * After the warm-up the server's pools (HTTP workers, watchdog, the JDK's own) are all started;
     * a few threads may still come and go (JIT compiler threads, the HTTP server's dispatcher).
     * A leak of one thread per job would add {@code JOBS - WAVE} (180).
     */
    private static final long THREAD_TOLERANCE = 8;
    /**
     * Descriptors besides the files: kept-alive connections of the two sites (at most a few each)
     * and a log file opened by a stream that is ending. One leaked file or socket per job would add 180.
     */
    private static final long FD_TOLERANCE = 12;
    /**
     * The registry keeps every job's record in memory (about 1 KB each, by design), the rest must
     * not grow. 24 KB per later job: a leaked 64 KB chunk buffer, or a stream's state, per job
     * would exceed it; the JIT's and class metadata's growth is not heap.
     */
    private static final long HEAP_KB_PER_JOB = 24;

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
    void hundredsOfJobsBackToBackAllFinishIdenticalAndLeakNothingInTheServer() throws Exception {
        cluster = JobtailCluster.create(root, SITES)
                .siteJvmOptions("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();
        long serverPid = cluster.server().pid();
        long started = System.nanoTime();

        runWave(admin, 0);
        Usage warm = settled(serverPid, null);
        System.out.println("[reliability] many jobs: after the warm-up wave of " + WAVE + ": " + warm);
        for (int first = WAVE; first < JOBS; first += WAVE) {
            runWave(admin, first);
        }
        Usage last = settled(serverPid, warm);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        double jobCpu = 0;
        for (String site : SITES) {
            jobCpu += ProcessProbe.waitedChildrenCpuSeconds(cluster.site(site).pid());
        }
        System.out.printf("[reliability] many jobs: after %d jobs (%d s, job processes %.2f CPU-s each): %s%n", JOBS,
                seconds, jobCpu / JOBS, last);

        assertEquals(JOBS, admin.json("GET", "/v1/jobs", null).path("jobs").size(), "every job is on record");
        assertTrue(last.threads() <= warm.threads() + THREAD_TOLERANCE, "server threads grew: " + warm + " -> " + last);
        assertTrue(last.openFiles() <= warm.openFiles() + FD_TOLERANCE, "server fds grew: " + warm + " -> " + last);
        long heapLimit = warm.heapUsedKb() + HEAP_KB_PER_JOB * (JOBS - WAVE);
        assertTrue(last.heapUsedKb() <= heapLimit, "server heap after GC grew by more than " + HEAP_KB_PER_JOB
                + " KB per job: " + warm + " -> " + last);
        for (String site : SITES) {
            assertTrue(cluster.jobProcesses(site).isEmpty(), site + " left job processes: " + cluster.jobProcesses(site));
        }
        try (Stream<Path> files = Files.walk(cluster.serverWorkspace().resolve("store"))) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left in the store: " + temps);
        }
    }

    /** Submits jobs {@code first …} {@code first + WAVE - 1}, alternating sites, and checks each one. */
    private void runWave(AdminApi admin, int first) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = first; i < first + WAVE && i < JOBS; i++) {
            String site = SITES.get(i % SITES.size());
            ids.add(admin.submit(Jobs.command("many-" + i, List.of(site), "echo", "job " + i + " on " + site)));
        }
        for (int k = 0; k < ids.size(); k++) {
            String jobId = ids.get(k);
            String site = SITES.get((first + k) % SITES.size());
            String status = Jobs.awaitEnd(admin, jobId, WAIT);
            if (!"FINISHED_OK".equals(status)) {
                Path dir = cluster.siteFile(jobId, site, "");
                throw new AssertionError("job " + (first + k) + " (" + jobId + " on " + site + ") ended " + status
                        + "; job_process.out:\n" + read(dir.resolve("job_process.out")) + "\nlog.txt:\n" + read(dir.resolve("log.txt")));
            }
            Jobs.awaitComplete(admin, jobId, site, "log.txt", WAIT);
            byte[] original = Files.readAllBytes(cluster.siteFile(jobId, site, "log.txt"));
            assertTrue(new String(original, java.nio.charset.StandardCharsets.UTF_8).contains("job " + (first + k) + " on " + site),
                    "job " + (first + k) + "'s output is in its log");
            assertArrayEquals(original, Files.readAllBytes(cluster.serverCopy(jobId, site, "log.txt")),
                    "job " + (first + k) + "'s log.txt on the server");
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }

    /**
     * The server's usage once the last wave's connections and streams have wound down: polls
     * (up to 15 s) until threads and fds are within the tolerances of {@code warm} (or, for the
     * warm-up itself, two equal readings in a row), then reads the heap after a full GC.
     */
    private static Usage settled(long pid, Usage warm) throws Exception {
        long[] previous = {-1, -1};
        try {
            Await.until(Duration.ofSeconds(15), "the server's threads and fds to settle", () -> {
                long threads = ProcessProbe.threads(pid);
                long fds = ProcessProbe.openFiles(pid);
                boolean ok = warm == null ? threads == previous[0] && fds == previous[1]
                        : threads <= warm.threads() + THREAD_TOLERANCE && fds <= warm.openFiles() + FD_TOLERANCE;
                previous[0] = threads;
                previous[1] = fds;
                return ok ? true : null;
            });
        } catch (AssertionError notSettled) {
            // the assertions that follow report the numbers
        }
        return ProcessProbe.usage(pid);
    }
}
