package io.jobtail.host.server;

/** Where a job (or one site's run of it) stands. */
public enum JobStatus {
    SUBMITTED, RUNNING, FINISHED_OK, FINISHED_EXCEPTION, ABORTED;

    /** True for the statuses a job never leaves. */
    public boolean ended() {
        return this == FINISHED_OK || this == FINISHED_EXCEPTION || this == ABORTED;
    }

    /**
     * Parses a status sent by a site or read from disk.
     *
     * @throws IllegalArgumentException naming the value
     */
    public static JobStatus parse(String value) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("job status \"" + value + "\" is not one of "
                    + java.util.Arrays.toString(values()));
        }
    }
}
