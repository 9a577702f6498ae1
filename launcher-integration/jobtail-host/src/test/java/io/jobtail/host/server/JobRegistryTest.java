package io.jobtail.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Files;
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
        assertEquals(job.jobId(), registry.take("site-1").orElseThrow().job().jobId());
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
        assertEquals(b.jobId(), restarted.take("site-1").orElseThrow().job().jobId(), "the second job is still to be taken");
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

    private static final Duration LEASE = Duration.ofSeconds(30);

    private JobRegistry registry(SettableClock clock) throws Exception {
        return new JobRegistry(dir, clock, LEASE);
    }

    @Test
    void unconfirmedHandOutIsOfferedAgainOnceItsLeaseLapsedAndNotBefore() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-28T10:00:00Z"));
        JobRegistry registry = registry(clock);
        JobRecord job = registry.submit("j", List.of("site-1", "site-2"), JsonNodeFactory.instance.objectNode());
        JobRegistry.HandOut first = registry.take("site-1").orElseThrow();
        assertNull(first.lapsed(), "a first hand-out");
        assertEquals("2026-04-28T10:00:00Z", first.job().handOuts().get("site-1"));

        clock.advance(LEASE.minusMillis(1));
        assertTrue(registry.take("site-1").isEmpty(), "not offered again while the lease runs");
        clock.advance(Duration.ofMillis(1));
        JobRegistry.HandOut again = registry.take("site-1").orElseThrow();
        assertEquals(job.jobId(), again.job().jobId());
        assertEquals(Instant.parse("2026-04-28T10:00:00Z"), again.lapsed());
        assertEquals(JobStatus.RUNNING, again.job().siteStatus().get("site-1"));
        assertEquals(JobStatus.SUBMITTED, again.job().siteStatus().get("site-2"), "other sites are not touched");
        assertTrue(registry.take("site-1").isEmpty(), "the offer made again renews the lease");
        clock.advance(LEASE);
        assertEquals(job.jobId(), registry.take("site-1").orElseThrow().job().jobId(), "and lapses again unconfirmed");
    }

    @Test
    void firstStatusReportConfirmsTheHandOutForGood() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-28T10:00:00Z"));
        JobRegistry registry = registry(clock);
        JobRecord job = registry.submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        registry.take("site-1").orElseThrow();
        JobRecord confirmed = registry.report(job.jobId(), "site-1", JobStatus.RUNNING);
        assertTrue(confirmed.handOuts().isEmpty(), "confirmed: " + confirmed.handOuts());
        clock.advance(Duration.ofHours(1));
        assertTrue(registry.take("site-1").isEmpty(), "a confirmed job is never offered again");
        assertTrue(registry(clock).take("site-1").isEmpty(), "not after a restart either");
    }

    @Test
    void leaseSurvivesARestartAndLapsesFromTheOriginalHandOut() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-28T10:00:00Z"));
        JobRecord job = registry(clock).submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        registry(clock).take("site-1").orElseThrow();
        assertTrue(Files.readString(dir.resolve(job.jobId() + ".json")).contains("\"handOuts\":{\"site-1\""),
                "the lease is in the job's file");

        clock.advance(Duration.ofSeconds(20));
        JobRegistry restarted = registry(clock);
        assertTrue(restarted.take("site-1").isEmpty(), "the restarted server keeps the running lease");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(job.jobId(), restarted.take("site-1").orElseThrow().job().jobId());
    }

    @Test
    void abortingAnUnconfirmedHandOutEndsThatSitesRunAndStopsTheOffers() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-04-28T10:00:00Z"));
        JobRegistry registry = registry(clock);
        JobRecord job = registry.submit("j", List.of("site-1"), JsonNodeFactory.instance.objectNode());
        registry.take("site-1").orElseThrow();
        JobRecord aborted = registry.abort(job.jobId());
        assertEquals(JobStatus.ABORTED, aborted.siteStatus().get("site-1"));
        assertTrue(aborted.handOuts().isEmpty());
        clock.advance(Duration.ofHours(1));
        assertTrue(registry.take("site-1").isEmpty());
        // had the site got the job after all, its first report learns of the abort
        assertEquals(JobStatus.ABORTED, registry.report(job.jobId(), "site-1", JobStatus.RUNNING).status());
    }

    @Test
    void jobFileWrittenBeforeLeasesExistedLoadsWithNoHandOut() throws Exception {
        Files.writeString(dir.resolve("job-old.json"), "{\"jobId\":\"job-old\",\"name\":\"old\",\"status\":\"RUNNING\","
                + "\"submitted\":\"2026-04-28T09:00:00Z\",\"sites\":[\"site-1\"],\"siteStatus\":{\"site-1\":\"RUNNING\"},"
                + "\"config\":{},\"logLevels\":{}}");
        SettableClock clock = new SettableClock(Instant.parse("2026-04-28T10:00:00Z"));
        JobRegistry registry = registry(clock);
        assertTrue(registry.get("job-old").orElseThrow().handOuts().isEmpty());
        clock.advance(Duration.ofHours(1));
        assertTrue(registry.take("site-1").isEmpty(), "a job taken before leases existed counts as confirmed");
    }

    @Test
    void leaseMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JobRegistry(dir, CLOCK, Duration.ZERO));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
    }
}
