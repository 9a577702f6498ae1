package io.jobtail.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRegistryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-28T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private JobRegistry registry() throws Exception {
        return new JobRegistry(dir, CLOCK);
    }

    @Test
    void jobRunsWhenASiteTakesItAndFinishesWhenEverySiteDid() throws Exception {
        JobRegistry registry = registry();
        JobRecord job = registry.submit("j", List.of("site-1", "site-2"), JsonNodeFactory.instance.objectNode());
        assertEquals(JobStatus.SUBMITTED, job.status());
        assertEquals(job.jobId(), registry.take("site-1").orElseThrow().jobId());
        assertTrue(registry.take("site-1").isEmpty(), "a site takes a job once");
        assertEquals(JobStatus.RUNNING, registry.get(job.jobId()).orElseThrow().status());
        registry.take("site-2");
        registry.report(job.jobId(), "site-1", JobStatus.FINISHED_OK);
        assertEquals(JobStatus.RUNNING, registry.get(job.jobId()).orElseThrow().status());
        assertEquals(JobStatus.FINISHED_EXCEPTION, registry.report(job.jobId(), "site-2", JobStatus.FINISHED_EXCEPTION).status());
    }

    @Test
    void restartedRegistryHasEveryJobAsLastWritten() throws Exception {
        JobRegistry first = registry();
        JobRecord a = first.submit("a", List.of("site-1"), JsonNodeFactory.instance.objectNode().put("k", 1));
        JobRecord b = first.submit("b", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        first.take("site-1");
        first.setLogLevel(a.jobId(), "all", "DEBUG");

        JobRegistry restarted = registry();
        assertEquals(List.of(a.jobId(), b.jobId()), restarted.list().stream().map(JobRecord::jobId).toList());
        JobRecord reloaded = restarted.get(a.jobId()).orElseThrow();
        assertEquals(JobStatus.RUNNING, reloaded.siteStatus().get("site-1"));
        assertEquals("DEBUG", reloaded.logLevels().get("site-1"));
        assertEquals(1, reloaded.config().get("k").asInt());
        assertEquals(b.jobId(), restarted.take("site-1").orElseThrow().jobId(), "the second job is still to be taken");
    }

    @Test
    void abortedJobIsNeitherHandedOutNorChangedByLateReports() throws Exception {
        JobRegistry registry = registry();
        JobRecord job = registry.submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        assertEquals(JobStatus.ABORTED, registry.abort(job.jobId()).status());
        assertTrue(registry.take("site-1").isEmpty());
        assertEquals(JobStatus.ABORTED, registry.report(job.jobId(), "site-1", JobStatus.FINISHED_OK).status());
    }

    @Test
    void logLevelOfAnEndedJobIsRefused() throws Exception {
        JobRegistry registry = registry();
        JobRecord job = registry.submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        registry.take("site-1");
        registry.report(job.jobId(), "site-1", JobStatus.FINISHED_OK);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.setLogLevel(job.jobId(), "all", "DEBUG"));
        assertTrue(e.getMessage().contains(job.jobId()), e.getMessage());
    }

    @Test
    void unknownJobAndForeignSiteAreNamed() throws Exception {
        JobRegistry registry = registry();
        JobRecord job = registry.submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.report("nope", "site-1", JobStatus.RUNNING))
                .getMessage().contains("nope"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.report(job.jobId(), "site-9", JobStatus.RUNNING))
                .getMessage().contains("site-9"));
    }
}
