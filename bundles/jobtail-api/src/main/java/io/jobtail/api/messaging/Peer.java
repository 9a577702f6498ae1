package io.jobtail.api.messaging;

import java.util.Objects;

/**
 * Who sent a request, as the transport established it: never taken from the message body.
 *
 * @param site the sender's site name, from its credential (a token or a client certificate)
 * @param jobId the job the authenticated sender speaks for, or null for process-level messages;
 *     the transport checks it is a safe name, the receiver may check the site takes part in it
 */
public record Peer(String site, String jobId) {
    public Peer {
        Objects.requireNonNull(site, "site");
    }

    @Override
    public String toString() {
        return jobId == null ? site : site + "/" + jobId;
    }
}
