package io.jobtail.api;

import io.jobtail.api.streaming.StreamableEngine;
import java.util.Map;
import java.util.function.Function;

/**
 * What a widget knows about the job (or process) an event is about.
 *
 * <p>Immutable apart from the {@link #abortSignal()}, and safe to share between threads. Use
 * {@link #builder()} to make one and {@link #newContext()} to derive a context for work that must
 * outlive the run's abort (a log stream must keep draining after the job is aborted).
 */
@org.osgi.annotation.versioning.ProviderType
public interface JobContext {

    /** Job meta key for the job id. */
    String META_JOB_ID = "job_id";

    /** The job id, or null for a process-level event such as {@link EventType#SYSTEM_START}. */
    String jobId();

    /** This process's identity: the site name on a site, {@code server} on the server. */
    String identityName();

    ProcessType processType();

    /** This process's workspace. */
    Workspace workspace();

    /** The job's meta data (from its submission), unmodifiable; empty when there is no job. */
    Map<String, Object> jobMeta();

    /** The run's abort signal: triggered when the run is aborted. */
    Signal abortSignal();

    /** The streaming engine of this process, or null if the host offers none. */
    StreamableEngine engine();

    /** This site's settings (the kill switch). */
    SiteSettings siteSettings();

    /**
     * The settings another site registered with this server; {@link SiteSettings#defaults()} for a
     * site the server does not know (streaming is default-allow).
     */
    SiteSettings settingsOf(String site);

    /**
     * Which sites take part in which jobs, as far as this host knows (server side); a receiver
     * refuses streams from a site for a job it does not run. {@link JobMembership#anyJob()} unless
     * the host set one.
     */
    JobMembership membership();

    /**
     * A copy of this context whose abort signal has never fired and never will unless the new
     * owner triggers it. The job id, identity, workspace, meta and engine are the same.
     */
    JobContext newContext();

    /** A builder for contexts; hosts and tests use it. */
    static Builder builder() {
        return new Builder();
    }

    /** Builds {@link JobContext}s. Not thread-safe; each {@link #build()} makes an independent context. */
    final class Builder {
        String jobId;
        String identityName = "server";
        ProcessType processType = ProcessType.SERVER_PARENT;
        Workspace workspace;
        Map<String, Object> jobMeta = Map.of();
        Signal abortSignal;
        StreamableEngine engine;
        SiteSettings siteSettings = SiteSettings.defaults();
        Function<String, SiteSettings> sites = site -> SiteSettings.defaults();
        JobMembership membership = JobMembership.anyJob();

        Builder() {
        }

        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder identityName(String identityName) {
            this.identityName = identityName;
            return this;
        }

        public Builder processType(ProcessType processType) {
            this.processType = processType;
            return this;
        }

        public Builder workspace(Workspace workspace) {
            this.workspace = workspace;
            return this;
        }

        public Builder jobMeta(Map<String, ?> jobMeta) {
            this.jobMeta = Map.copyOf(jobMeta);
            return this;
        }

        /** The abort signal to use; a fresh one when not set. */
        public Builder abortSignal(Signal abortSignal) {
            this.abortSignal = abortSignal;
            return this;
        }

        public Builder engine(StreamableEngine engine) {
            this.engine = engine;
            return this;
        }

        public Builder siteSettings(SiteSettings siteSettings) {
            this.siteSettings = siteSettings;
            return this;
        }

        /** Which sites take part in which jobs (server side). */
        public Builder membership(JobMembership membership) {
            this.membership = membership;
            return this;
        }

        /** How to look up other sites' settings (server side). */
        public Builder sites(Function<String, SiteSettings> sites) {
            this.sites = sites;
            return this;
        }

        public JobContext build() {
            if (workspace == null) {
                throw new IllegalStateException("a JobContext needs a workspace");
            }
            return new SimpleJobContext(this);
        }
    }
}
