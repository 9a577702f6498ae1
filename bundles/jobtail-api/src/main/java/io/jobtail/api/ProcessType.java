package io.jobtail.api;

/** Which kind of process a {@link JobContext} belongs to. */
public enum ProcessType {
    /** The long-lived server process. */
    SERVER_PARENT,
    /** A per-job process on the server side. */
    SERVER_JOB,
    /** The long-lived site process that launches jobs. */
    CLIENT_PARENT,
    /** A job process on a site: where the job's log files are written. */
    CLIENT_JOB
}
