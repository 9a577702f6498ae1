package io.jobtail.api;

/**
 * The launcher lifecycle events Jobtail reacts to, in the order a job sees them.
 *
 * <p>Events travel as strings ({@link Widget#handleEvent(String, JobContext)}) so that a host may
 * fire events of its own; these constants name the ones Jobtail knows.
 */
public enum EventType {
    /** A long-lived process (server or site) has started. */
    SYSTEM_START,
    /** Site process: the job's config is deployed, the job process is not yet started. */
    BEFORE_JOB_LAUNCH,
    /** A run is about to start; never fired in the server's job process. */
    ABOUT_TO_START_RUN,
    /** Job process: the run starts. */
    START_RUN,
    /** Job process: the work is done, shutdown begins. Handlers must not block. */
    ABOUT_TO_END_RUN,
    /** Job process: the run ends; handlers may block briefly to flush. */
    END_RUN,
    /** Site process: the job process has exited. */
    JOB_COMPLETED;

    /** True when {@code type} is this event's name. */
    public boolean is(String type) {
        return name().equals(type);
    }
}
