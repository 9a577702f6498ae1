package io.jobtail.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Names;
import io.jobtail.host.AtomicFiles;
import io.jobtail.host.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's jobs, one JSON file per job under a directory, each replaced atomically on every
 * change, so a server killed at any moment restarts with every job it had acknowledged.
 *
 * <p>Thread-safe: every method holds this registry's lock, including the file write, so the
 * file and the in-memory record never disagree about order of changes. Writes are small; the lock
 * is never held while waiting for anything else.
 *
 * <p>A hand-out ({@link #take}) is a lease, not a commitment: the reply carrying the job may never
 * reach the site (connection cut, site gone before it read it). The site confirms a job with its
 * first status report for it ({@link #report}); until then the job is offered to that site again
 * once {@code handOutLease} has passed since the latest hand-out. So a site may be handed the same
 * job more than once, and must launch it at most once (the reference site does: see
 * {@code io.jobtail.host.site.JobClaims}). The lease is persisted with the job.
 */
public final class JobRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How long a hand-out waits for the site's confirmation before the job is offered again. */
    public static final Duration DEFAULT_HAND_OUT_LEASE = Duration.ofSeconds(30);

    private final Path dir;
    private final Clock clock;
    private final Duration handOutLease;
    /** Guarded by this: the latest submission time handed out or loaded. */
    private Instant lastSubmitted = Instant.EPOCH;
    /** Guarded by this. Insertion order = submission order. */
    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();

    /** {@link #JobRegistry(Path, Clock, Duration)} with the {@link #DEFAULT_HAND_OUT_LEASE}. */
    public JobRegistry(Path dir, Clock clock) throws IOException {
        this(dir, clock, DEFAULT_HAND_OUT_LEASE);
    }

    /**
     * Opens the registry in {@code dir}, loading every job persisted there. A file that cannot be
     * read is logged and skipped (left in place for a person to look at).
     *
     * @param handOutLease how long an unconfirmed hand-out keeps a job from being offered again
     * @throws IllegalArgumentException if {@code handOutLease} is not positive
     */
    public JobRegistry(Path dir, Clock clock, Duration handOutLease) throws IOException {
        if (handOutLease.isNegative() || handOutLease.isZero()) {
            throw new IllegalArgumentException("hand-out lease must be positive, not " + handOutLease);
        }
        this.dir = dir;
        this.clock = clock;
        this.handOutLease = handOutLease;
        Files.createDirectories(dir);
        List<JobRecord> loaded = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    loaded.add(Json.MAPPER.readValue(file.toFile(), JobRecord.class));
                } catch (IOException e) {
                    LOG.error("job file {} cannot be read and is skipped: {}", file, e.getMessage());
                }
            }
        }
        loaded.sort(Comparator.comparing((JobRecord job) -> Instant.parse(job.submitted())).thenComparing(JobRecord::jobId));
        loaded.forEach(job -> jobs.put(job.jobId(), job));
        if (!loaded.isEmpty()) {
            lastSubmitted = Instant.parse(loaded.get(loaded.size() - 1).submitted());
        }
    }

    /** Registers a new job for {@code sites} and returns it, persisted. */
    public synchronized JobRecord submit(String name, List<String> sites, JsonNode config) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one site");
        }
        sites.forEach(s -> Names.requireSafe("site name", s));
        // Strictly increasing, so that submission order survives a restart even within one clock tick.
        Instant now = clock.instant();
        if (!now.isAfter(lastSubmitted)) {
            now = lastSubmitted.plusNanos(1);
        }
        lastSubmitted = now;
        String id;
        do {
            id = "job-" + ID_TIME.format(now) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
        } while (jobs.containsKey(id));
        Map<String, JobStatus> perSite = new LinkedHashMap<>();
        sites.forEach(s -> perSite.put(s, JobStatus.SUBMITTED));
        JobRecord job = new JobRecord(id, name, JobStatus.SUBMITTED, now.toString(), sites, perSite, config, Map.of());
        save(job);
        return job;
    }

    public synchronized Optional<JobRecord> get(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /** Every job, in submission order. */
    public synchronized List<JobRecord> list() {
        return List.copyOf(jobs.values());
    }

    /**
     * Hands {@code site} the oldest job it has not taken yet, marking its run RUNNING, or else the
     * oldest job whose hand-out to {@code site} lapsed unconfirmed (offered again, lease renewed);
     * empty when there is none. An aborted job is never handed out.
     */
    public synchronized Optional<HandOut> take(String site) {
        Instant now = clock.instant();
        for (JobRecord job : jobs.values()) {
            if (job.status() == JobStatus.ABORTED) {
                continue;
            }
            JobStatus state = job.siteStatus().get(site);
            if (state == JobStatus.SUBMITTED) {
                JobRecord taken = job.withSiteStatus(site, JobStatus.RUNNING).withHandOut(site, now);
                save(taken);
                return Optional.of(new HandOut(taken, null));
            }
            String leased = job.handOuts().get(site);
            if (state == JobStatus.RUNNING && leased != null && !now.isBefore(Instant.parse(leased).plus(handOutLease))) {
                JobRecord offered = job.withHandOut(site, now);
                save(offered);
                LOG.warn("job {}: site {} never confirmed its hand-out at {} (lease {} s); offering it again",
                        job.jobId(), site, leased, handOutLease.toSeconds());
                return Optional.of(new HandOut(offered, Instant.parse(leased)));
            }
        }
        return Optional.empty();
    }

    /**
     * A job handed to a site.
     *
     * @param job the job as the registry now holds it
     * @param lapsed null for a first hand-out; for an offer made again, the time of the hand-out the
     *     site never confirmed
     */
    public record HandOut(JobRecord job, Instant lapsed) {
    }

    /**
     * Records {@code site}'s status of its run of {@code jobId}.
     *
     * @throws IllegalArgumentException if the job is unknown or the site does not run it
     */
    public synchronized JobRecord report(String jobId, String site, JobStatus status) {
        JobRecord job = require(jobId);
        JobStatus current = job.siteStatus().get(site);
        if (current == null) {
            throw new IllegalArgumentException("site \"" + site + "\" does not run job " + jobId);
        }
        // any report from the site confirms its hand-out: it has the job
        if (job.handOuts().containsKey(site)) {
            job = job.withHandOut(site, null);
            save(job);
        }
        if (current.ended() || current == status) {
            return job;
        }
        JobRecord updated = job.withSiteStatus(site, status);
        save(updated);
        return updated;
    }

    /**
     * Marks a job ABORTED; sites learn of it on their next status report. A site that was handed
     * the job but never confirmed it is marked ABORTED too: the job is not offered to it again, and
     * if it did get the job, its first report learns of the abort. Idempotent; an ended job stays as it is.
     */
    public synchronized JobRecord abort(String jobId) {
        JobRecord job = require(jobId);
        if (job.status().ended()) {
            return job;
        }
        Map<String, JobStatus> perSite = new LinkedHashMap<>(job.siteStatus());
        perSite.replaceAll((site, s) -> s == JobStatus.SUBMITTED || job.handOuts().containsKey(site) ? JobStatus.ABORTED : s);
        JobRecord aborted = new JobRecord(job.jobId(), job.name(), JobStatus.ABORTED, job.submitted(), job.sites(),
                perSite, job.config(), job.logLevels(), Map.of());
        save(aborted);
        return aborted;
    }

    /**
     * Asks {@code site} (or every site of the job for {@code all}) to log at {@code level}.
     *
     * @throws IllegalStateException if the job has ended
     */
    public synchronized JobRecord setLogLevel(String jobId, String site, String level) {
        JobRecord job = require(jobId);
        if (job.status().ended()) {
            throw new IllegalStateException("job " + jobId + " has ended (" + job.status() + ")");
        }
        List<String> targets = "all".equals(site) ? job.sites() : List.of(site);
        if (!job.sites().containsAll(targets)) {
            throw new IllegalArgumentException("site \"" + site + "\" does not run job " + jobId
                    + " (its sites: " + job.sites() + ")");
        }
        JobRecord updated = job;
        for (String target : targets) {
            updated = updated.withLogLevel(target, level);
        }
        save(updated);
        return updated;
    }

    private JobRecord require(String jobId) {
        JobRecord job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("job \"" + jobId + "\" does not exist");
        }
        return job;
    }

    private void save(JobRecord job) {
        try {
            AtomicFiles.write(dir.resolve(job.jobId() + ".json"), Json.MAPPER.writeValueAsBytes(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist job " + job.jobId() + " in " + dir, e);
        }
        jobs.put(job.jobId(), job);
    }
}
