package io.jobtail.api;

/**
 * Says whether a site takes part in a job, so that a site holding a valid token cannot file logs
 * under a job it does not run. The receiver asks before it opens a log; a stream the membership
 * does not admit is refused with {@code NOT_ALLOWED} and nothing is written.
 *
 * <p>Hosts that know their jobs put one in the server's {@link JobContext} (the reference
 * server: the job registry's site list), and the log receiver takes it from there. A plain host
 * that knows no jobs keeps {@link #anyJob()}.
 *
 * <p><b>Threads.</b> Called on transport threads, concurrently, once per stream opened (never per
 * chunk). Implementations must be thread-safe and should answer from memory: the answer delays
 * the open of the stream that asked.
 */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface JobMembership {

    /**
     * @param jobId the job the authenticated peer named (a checked, safe name)
     * @param site  the authenticated site (a checked, safe name)
     * @return true if {@code site} runs (or ran) {@code jobId} and may store its logs
     */
    boolean takesPart(String jobId, String site);

    /** Every site takes part in every job: for hosts that do not know their jobs. */
    static JobMembership anyJob() {
        return (jobId, site) -> true;
    }
}
