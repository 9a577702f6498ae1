package io.jobtail.api.messaging;

import java.util.Objects;

/**
 * Where a request goes.
 *
 * @param target the receiving process: {@value #SERVER} (the server's job endpoint) or
 *     {@value #SERVER_PARENT} (the long-lived server process); a host may define more
 * @param channel the application channel, e.g. {@code log_streaming}
 * @param topic the application topic, e.g. {@code live_log}
 * @param jobId the job the request is scoped to, or null; sent as the sender's claim and checked
 *     by the transport against its credential
 */
public record Destination(String target, String channel, String topic, String jobId) {
    /** The server's job-scoped endpoint. */
    public static final String SERVER = "server";
    /** The long-lived server process, whose receivers are always registered. */
    public static final String SERVER_PARENT = "server_parent";

    public Destination {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return target + ":" + channel + "/" + topic + (jobId == null ? "" : " (job " + jobId + ")");
    }
}
