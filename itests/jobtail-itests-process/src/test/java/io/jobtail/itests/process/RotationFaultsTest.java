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
import java.util.Map;
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
     * A generation renamed away before the tailer saw it under the name is found beside it
     * ({@code app.log.r<n>}) and streamed in its turn, so as long as retention keeps rotated files
     * for a while (here the last 200, about a second) the server copy is byte-identical.
     */
    @Test
    void renameEvery5msForAMinuteIsByteIdentical() throws Exception {
        String jobId = runWriter("rename", RENAME_SECONDS, 5, 200);
        WrittenLog log = compare(jobId);
        List<String> events = events(jobId);
        assertTrue(events.size() >= RENAME_SECONDS * 100L, "the writer rotated every 5 ms or so: " + events.size());
        assertOnlyWholeGenerationsLost("rename", log, events, 0.0);
        printRotationWarnings("rename", jobId);
    }

    /**
     * With retention deleting rotated files after about 25 ms (the last five), a generation
     * created, renamed and deleted before the tailer's thread ran at all is gone: nothing on disk
     * holds it. How much depends on how long the tailer's thread waits to run (0.4–3 % measured
     * on a machine loaded 6x over its cores), so this asserts what does not: nothing duplicated,
     * reordered or altered, every loss is whole generations; the 20 % bound only catches a tailer
     * that stopped recovering. The figures are printed for the table.
     */
    @Test
    void renameEvery5msWithAShortRetentionLosesOnlyWholeGenerationsDeletedUnseen() throws Exception {
        String jobId = runWriter("rename", 15, 5, 5);
        WrittenLog log = compare(jobId);
        assertOnlyWholeGenerationsLost("rename-keep5", log, events(jobId), 20.0);
        printRotationWarnings("rename-keep5", jobId);
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
        // a generation deleted before the tailer opened it is gone (nothing is left to read)
        assertOnlyWholeGenerationsLost("recreate", log, events, 10.0);
        printRotationWarnings("recreate", jobId);
    }

    /** Every missing run starts right after a rotation and ends right before one; at most {@code maxPercent} lost. */
    private static void assertOnlyWholeGenerationsLost(String mode, WrittenLog log, List<String> events, double maxPercent) {
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
        assertTrue(100.0 * log.missingLines() <= maxPercent * total, "more than " + maxPercent + " % lost: " + log.detail());
    }

    /** How many lost or skipped rotated generations the tailer could see and named in the job's log. */
    private void printRotationWarnings(String mode, String jobId) throws Exception {
        String jobLog = Files.readString(cluster.siteFile(jobId, SITE, "log.txt"));
        System.out.printf("[reliability] %s: tailer warnings: %d 'deleted before it could be opened', %d 'out of order'%n", mode,
                count(jobLog, "deleted before it could be opened"), count(jobLog, "out of order"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
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
        return runWriter(mode, seconds, everyMs, 5);
    }

    private String runWriter(String mode, int seconds, int everyMs, int keep) throws Exception {
        String jobId = admin.submit(Jobs.writer(mode, SITE, mode, seconds, everyMs, keep, Map.of()));
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
