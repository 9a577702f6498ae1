package io.jobtail.host.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobClaimsTest {
    @TempDir
    Path ws;

    @Test
    void aJobIsClaimedOnceAlsoByALaterRunOfTheSite() throws Exception {
        JobClaims claims = new JobClaims(new Workspace(ws));
        assertTrue(claims.claim("job-1"));
        assertFalse(claims.claim("job-1"), "a job offered again is not launched again");
        assertTrue(claims.claim("job-2"), "other jobs are not affected");
        assertFalse(new JobClaims(new Workspace(ws)).claim("job-1"), "a restarted site sees the claim on disk");
    }

    @Test
    void concurrentClaimsOfOneJobLetExactlyOneWin() throws Exception {
        JobClaims claims = new JobClaims(new Workspace(ws));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return claims.claim("job-1");
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void endedStatusIsRecordedInTheClaim() throws Exception {
        JobClaims claims = new JobClaims(new Workspace(ws));
        assertEquals(Optional.empty(), claims.endedStatus("job-1"), "never claimed");
        claims.claim("job-1");
        assertEquals(Optional.empty(), claims.endedStatus("job-1"), "claimed, not ended");
        claims.ended("job-1", "FINISHED_OK");
        assertEquals(Optional.of("FINISHED_OK"), new JobClaims(new Workspace(ws)).endedStatus("job-1"));
        assertFalse(claims.claim("job-1"), "an ended job stays claimed");
    }

    @Test
    void unsafeJobIdIsRefusedAndNothingIsWrittenOutsideTheWorkspace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobClaims(new Workspace(ws)).claim("../escape"));
        assertTrue(e.getMessage().contains("../escape"), e.getMessage());
        assertFalse(ws.resolveSibling("escape").toFile().exists());
    }
}
