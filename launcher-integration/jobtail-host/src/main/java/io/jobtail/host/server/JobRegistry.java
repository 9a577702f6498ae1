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
 */
public final class JobRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(JobRegistry.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Clock clock;
    /** Guarded by this: the latest submission time handed out or loaded. */
    private Instant lastSubmitted = Instant.EPOCH;
    /** Guarded by this. Insertion order = submission order. */
    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();

    /**
     * Opens the registry in {@code dir}, loading every job persisted there. A file that cannot be
     * read is logged and skipped (left in place for a person to look at).
     */
    public JobRegistry(Path dir, Clock clock) throws IOException {
        this.dir = dir;
        this.clock = clock;
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
     * Hands {@code site} the oldest job it has not taken yet, marking its run RUNNING; empty when
     * there is none. An aborted job is never handed out.
     */
    public synchronized Optional<JobRecord> take(String site) {
        for (JobRecord job : jobs.values()) {
            if (job.status() != JobStatus.ABORTED && job.siteStatus().get(site) == JobStatus.SUBMITTED) {
                JobRecord taken = job.withSiteStatus(site, JobStatus.RUNNING);
                save(taken);
                return Optional.of(taken);
            }
        }
        return Optional.empty();
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
        if (current.ended() || current == status) {
            return job;
        }
        JobRecord updated = job.withSiteStatus(site, status);
        save(updated);
        return updated;
    }

    /** Marks a job ABORTED; sites learn of it on their next status report. Idempotent; an ended job stays as it is. */
    public synchronized JobRecord abort(String jobId) {
        JobRecord job = require(jobId);
        if (job.status().ended()) {
            return job;
        }
        Map<String, JobStatus> perSite = new LinkedHashMap<>(job.siteStatus());
        perSite.replaceAll((site, s) -> s == JobStatus.SUBMITTED ? JobStatus.ABORTED : s);
        JobRecord aborted = new JobRecord(job.jobId(), job.name(), JobStatus.ABORTED, job.submitted(), job.sites(),
                perSite, job.config(), job.logLevels());
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
