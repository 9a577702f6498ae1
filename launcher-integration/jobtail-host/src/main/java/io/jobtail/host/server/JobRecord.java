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
 */
public record JobRecord(String jobId, String name, JobStatus status, String submitted, List<String> sites,
        Map<String, JobStatus> siteStatus, JsonNode config, Map<String, String> logLevels) {

    public JobRecord {
        sites = List.copyOf(sites);
        siteStatus = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(siteStatus));
        logLevels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logLevels == null ? Map.of() : logLevels));
    }

    JobRecord withSiteStatus(String site, JobStatus siteState) {
        Map<String, JobStatus> copy = new LinkedHashMap<>(siteStatus);
        copy.put(site, siteState);
        return new JobRecord(jobId, name, overall(copy), submitted, sites, copy, config, logLevels);
    }

    JobRecord withStatus(JobStatus newStatus) {
        return new JobRecord(jobId, name, newStatus, submitted, sites, siteStatus, config, logLevels);
    }

    JobRecord withLogLevel(String site, String level) {
        Map<String, String> copy = new LinkedHashMap<>(logLevels);
        copy.put(site, level);
        return new JobRecord(jobId, name, status, submitted, sites, siteStatus, config, copy);
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
