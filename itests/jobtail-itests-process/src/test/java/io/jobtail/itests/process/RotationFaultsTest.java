package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.JobtailCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log rotation done to a file while it streams (issue 8), by a real writer in a real job process:
 * rename, delete and recreate, inode reuse — the server copy ends byte-identical to everything
 * written; copytruncate — only the bytes inside its unavoidable window are lost, with a warning.
 */
class RotationFaultsTest {
    private static final String SITE = "site-1";
    /** How long the rename test rotates; a system property shortens it for quick local runs. */
    private static final int RENAME_SECONDS = Integer.getInteger("jobtail.itests.renameSeconds", 60);

    @TempDir
    Path root;
    private JobtailCluster cluster;
    private AdminApi admin;

    @BeforeEach
    void start() throws Exception {
        cluster = JobtailCluster.create(root, List.of(SITE));
        cluster.startServer();
        cluster.startSites();
        admin = cluster.admin();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /**
     * Known gap (see docs/reliability-faults.md): a generation that lives for less than the
     * file-event latency is never seen under the name and is lost whole. So this asserts what does
     * hold: nothing duplicated, reordered or altered, every loss is whole generations, and the
     * loss stays small; the measured figures are printed for the reliability table.
     */
    @Test
    void renameEvery5msForAMinuteDuplicatesNothingAndLosesOnlyWholeUnseenGenerations() throws Exception {
        String jobId = runWriter("rename", RENAME_SECONDS, 5);
        WrittenLog log = compare(jobId);
        List<String> events = events(jobId);
        assertTrue(events.size() >= RENAME_SECONDS * 100L, "the writer rotated every 5 ms or so: " + events.size());
        assertOnlyWholeGenerationsLost("rename", log, events);
    }

    @Test
    void deleteAndRecreateDuplicatesNothingAndLosesOnlyWholeUnseenGenerations() throws Exception {
        String jobId = runWriter("recreate", 8, 20);
        WrittenLog log = compare(jobId);
        List<String> events = events(jobId);
        assertTrue(events.size() >= 100, "the file was recreated many times: " + events.size());
        long reused = events.stream().filter(e -> e.endsWith(" true")).count();
        System.out.printf("[reliability] recreate: %d recreations, %d got an inode an earlier generation had%n",
                events.size(), reused);
        assertOnlyWholeGenerationsLost("recreate", log, events);
    }

    /** Every missing run starts right after a rotation and ends right before one; at most 20 % lost (before the watcher-thread pinning a 10 s run lost 45 %). */
    private static void assertOnlyWholeGenerationsLost(String mode, WrittenLog log, List<String> events) {
        assertNull(log.damage(), log.detail());
        java.util.Set<Long> boundaries = new java.util.HashSet<>();
        boundaries.add(0L);
        events.forEach(e -> boundaries.add(Long.parseLong(e.split(" ")[1])));
        long lastSeq = WrittenLog.seq(WrittenLog.lines(log.written()).get(WrittenLog.lines(log.written()).size() - 1));
        for (long[] run : log.missingRuns()) {
            assertTrue(boundaries.contains(run[0] - 1) && (boundaries.contains(run[1]) || run[1] == lastSeq),
                    "lines " + run[0] + "-" + run[1] + " are not whole generations: " + log.detail());
        }
        long total = WrittenLog.lines(log.written()).size();
        System.out.printf("[reliability] %s: %d lines, %d rotations, %d lines lost in %d unseen generation run(s) (%.2f %%)%n",
                mode, total, events.size(), log.missingLines(), log.missingRuns().size(), 100.0 * log.missingLines() / total);
        assertTrue(log.missingLines() * 5 <= total, "more than 20 % lost: " + log.detail());
    }

    /**
     * copytruncate: the bytes written between the tailer's last read and the truncation are lost
     * (they exist only in the copy the rotation made). Asserts the loss is only ever such a tail
     * right before a truncation, measures how long before it (the window), and that the job's log
     * warns about it.
     */
    @Test
    void copytruncateLosesOnlyTheTailBeforeEachTruncationAndWarns() throws Exception {
        String jobId = runWriter("copytruncate", 8, 200);
        WrittenLog log = compare(jobId);
        assertNull(log.damage(), log.detail());
        List<String> events = events(jobId);
        java.util.Map<Long, Long> truncatedAfter = new java.util.HashMap<>();
        events.forEach(e -> truncatedAfter.put(Long.parseLong(e.split(" ")[1]), Long.parseLong(e.split(" ")[2])));
        java.util.Map<Long, Long> writtenAt = new java.util.HashMap<>();
        WrittenLog.lines(log.written()).forEach(l -> writtenAt.put(WrittenLog.seq(l), WrittenLog.micros(l)));
        long maxWindowMicros = 0;
        for (long[] run : log.missingRuns()) {
            assertTrue(truncatedAfter.containsKey(run[1]), "lines " + run[0] + "-" + run[1]
                    + " are lost but do not end at a truncation: " + log.detail());
            maxWindowMicros = Math.max(maxWindowMicros, truncatedAfter.get(run[1]) - writtenAt.get(run[0]));
        }
        System.out.printf("[reliability] copytruncate: %d truncations, %d lost in %d run(s), widest window %.1f ms%n",
                events.size(), log.missingLines(), log.missingRuns().size(), maxWindowMicros / 1000.0);
        // the tailer looks at least every poll interval (500 ms by default) and on every file event
        assertTrue(maxWindowMicros <= 600_000, "a loss window wider than the poll interval: " + maxWindowMicros + " µs");
        if (!log.missingRuns().isEmpty()) {
            String jobLog = Files.readString(cluster.siteFile(jobId, SITE, "log.txt"));
            assertTrue(jobLog.contains("was truncated in place"), "the loss is announced in the job's log");
        }
    }

    private String runWriter(String mode, int seconds, int everyMs) throws Exception {
        String jobId = admin.submit(Jobs.writer(mode, SITE, mode, seconds, everyMs));
        Duration limit = Duration.ofSeconds(seconds + 90L);
        assertEquals("FINISHED_OK", Jobs.awaitEnd(admin, jobId, limit));
        Jobs.awaitComplete(admin, jobId, SITE, Jobs.APP_LOG, Duration.ofSeconds(30));
        return jobId;
    }

    private WrittenLog compare(String jobId) throws Exception {
        Path written = cluster.siteFile(jobId, SITE, Jobs.APP_LOG + ".written");
        return WrittenLog.compare(written, cluster.serverCopy(jobId, SITE, Jobs.APP_LOG));
    }

    private List<String> events(String jobId) throws Exception {
        Path events = cluster.siteFile(jobId, SITE, Jobs.APP_LOG + ".events");
        return Files.readAllLines(events, StandardCharsets.US_ASCII);
    }
}
