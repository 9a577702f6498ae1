package io.jobtail.api;

import io.jobtail.api.streaming.StreamableEngine;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The {@link JobContext} that {@link JobContext.Builder} makes. */
final class SimpleJobContext implements JobContext {
    private final String jobId;
    private final String identityName;
    private final ProcessType processType;
    private final Workspace workspace;
    private final Map<String, Object> jobMeta;
    private final Signal abortSignal;
    private final StreamableEngine engine;
    private final SiteSettings siteSettings;
    private final Function<String, SiteSettings> sites;
    private final JobMembership membership;

    SimpleJobContext(JobContext.Builder b) {
        this.jobId = b.jobId;
        this.identityName = Objects.requireNonNull(b.identityName, "identityName");
        this.processType = Objects.requireNonNull(b.processType, "processType");
        this.workspace = b.workspace;
        this.jobMeta = b.jobMeta;
        this.abortSignal = b.abortSignal != null ? b.abortSignal : new Signal();
        this.engine = b.engine;
        this.siteSettings = Objects.requireNonNull(b.siteSettings, "siteSettings");
        this.sites = Objects.requireNonNull(b.sites, "sites");
        this.membership = Objects.requireNonNull(b.membership, "membership");
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String identityName() {
        return identityName;
    }

    @Override
    public ProcessType processType() {
        return processType;
    }

    @Override
    public Workspace workspace() {
        return workspace;
    }

    @Override
    public Map<String, Object> jobMeta() {
        return jobMeta;
    }

    @Override
    public Signal abortSignal() {
        return abortSignal;
    }

    @Override
    public StreamableEngine engine() {
        return engine;
    }

    @Override
    public SiteSettings siteSettings() {
        return siteSettings;
    }

    @Override
    public SiteSettings settingsOf(String site) {
        SiteSettings s = sites.apply(site);
        return s != null ? s : SiteSettings.defaults();
    }

    @Override
    public JobMembership membership() {
        return membership;
    }

    @Override
    public JobContext newContext() {
        return JobContext.builder()
                .jobId(jobId)
                .identityName(identityName)
                .processType(processType)
                .workspace(workspace)
                .jobMeta(jobMeta)
                .engine(engine)
                .siteSettings(siteSettings)
                .sites(sites)
                .membership(membership)
                .build();
    }

    @Override
    public String toString() {
        return "JobContext[job=" + jobId + ", identity=" + identityName + ", process=" + processType + "]";
    }
}
