package io.jobtail.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job as the registry holds it and persists it. Immutable: the registry replaces records.
 *
 * @param jobId the server-assigned id, a safe name
 * @param name the submitter's name for the job
 * @param status the job's overall status
 * @param submitted ISO-8601 submission time
 * @param sites the sites that run the job, in order
 * @param siteStatus each site's status of its run (SUBMITTED until it takes the job)
 * @param config what the sites deploy as {@code config_fed_client.json}: {@code components},
 *     {@code work} and {@code logging}
 * @param logLevels the log level asked for at each site by {@code log-config}, if any
 * @param handOuts the sites that were handed the job but have not confirmed it yet, each with the
 *     ISO-8601 time of its latest hand-out: a lease that {@link JobRegistry#take} renews by offering
 *     the job again once it lapsed (the reply carrying the job may never have reached the site).
 *     Persisted with the rest, so a restarted server still re-offers. Absent in files written
 *     before leases existed, which reads as none.
 */
public record JobRecord(String jobId, String name, JobStatus status, String submitted, List<String> sites,
        Map<String, JobStatus> siteStatus, JsonNode config, Map<String, String> logLevels, Map<String, String> handOuts) {

    public JobRecord {
        sites = List.copyOf(sites);
        siteStatus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(siteStatus));
        logLevels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logLevels == null ? Map.of() : logLevels));
        handOuts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(handOuts == null ? Map.of() : handOuts));
    }

    /** A record with no hand-out awaiting confirmation (as written before leases existed). */
    public JobRecord(String jobId, String name, JobStatus status, String submitted, List<String> sites,
            Map<String, JobStatus> siteStatus, JsonNode config, Map<String, String> logLevels) {
        this(jobId, name, status, submitted, sites, siteStatus, config, logLevels, Map.of());
    }

    JobRecord withSiteStatus(String site, JobStatus siteState) {
        Map<String, JobStatus> copy = new LinkedHashMap<>(siteStatus);
        copy.put(site, siteState);
        return new JobRecord(jobId, name, overall(copy), submitted, sites, copy, config, logLevels, handOuts);
    }

    JobRecord withStatus(JobStatus newStatus) {
        return new JobRecord(jobId, name, newStatus, submitted, sites, siteStatus, config, logLevels, handOuts);
    }

    JobRecord withLogLevel(String site, String level) {
        Map<String, String> copy = new LinkedHashMap<>(logLevels);
        copy.put(site, level);
        return new JobRecord(jobId, name, status, submitted, sites, siteStatus, config, copy, handOuts);
    }

    /** This record with {@code site}'s hand-out at {@code at} awaiting confirmation (null: confirmed). */
    JobRecord withHandOut(String site, java.time.Instant at) {
        Map<String, String> copy = new LinkedHashMap<>(handOuts);
        if (at == null) {
            copy.remove(site);
        } else {
            copy.put(site, at.toString());
        }
        return new JobRecord(jobId, name, status, submitted, sites, siteStatus, config, logLevels, copy);
    }

    /** The job's status from its sites': ended once every site ended, failed if any site failed. */
    private JobStatus overall(Map<String, JobStatus> perSite) {
        if (status == JobStatus.ABORTED) {
            return JobStatus.ABORTED;
        }
        boolean allEnded = perSite.values().stream().allMatch(JobStatus::ended);
        boolean anyStarted = perSite.values().stream().anyMatch(s -> s != JobStatus.SUBMITTED);
        if (allEnded) {
            if (perSite.values().contains(JobStatus.ABORTED)) {
                return JobStatus.ABORTED;
            }
            return perSite.values().stream().allMatch(s -> s == JobStatus.FINISHED_OK)
                    ? JobStatus.FINISHED_OK : JobStatus.FINISHED_EXCEPTION;
        }
        return anyStarted ? JobStatus.RUNNING : JobStatus.SUBMITTED;
    }

    /** The summary shown by {@code GET /v1/jobs}: everything but the config. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", jobId);
        m.put("name", name);
        m.put("status", status.name());
        m.put("submitted", submitted);
        m.put("sites", sites);
        Map<String, String> perSite = new LinkedHashMap<>();
        siteStatus.forEach((s, v) -> perSite.put(s, v.name()));
        m.put("site_status", perSite);
        return m;
    }
}
