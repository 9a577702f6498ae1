package io.jobtail.host.server;

import io.jobtail.api.SiteSettings;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.Messenger;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.host.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How sites get work and report on it, as Messenger requests on channel {@value #CHANNEL}. The site
 * is always the authenticated {@link Peer#site()}, never a value in the message.
 *
 * <ul>
 *   <li>{@value #NEXT}: body = the site's settings as JSON (may be empty). Reply: {@code job_id}
 *       header and the job JSON ({@code job_id}, {@code name}, {@code config}) as body, or no
 *       {@code job_id} header when there is no work. The hand-out is a lease: until the site's first
 *       {@value #STATUS} for the job confirms it, the job is offered to the site again once the
 *       lease lapsed ({@link JobRegistry#take}), so a site must launch a job id at most once.
 *   <li>{@value #STATUS}: headers {@code job_id}, {@code status} (a {@link JobStatus}); the first one for a
 *       job confirms its hand-out (a site sends RUNNING as soon as it has the job). Reply headers
 *       {@code abort} ({@code true} once the job is aborted) and {@code log_level} (when set).
 * </ul>
 *
 * Handlers run on transport threads, concurrently; the registry serializes the changes.
 */
public final class WorkEndpoint {
    public static final String CHANNEL = "jobs";
    public static final String NEXT = "next";
    public static final String STATUS = "status";

    private final JobRegistry registry;
    private final ServerJobLog serverLog;
    private final ConcurrentMap<String, SiteSettings> siteSettings = new ConcurrentHashMap<>();

    public WorkEndpoint(JobRegistry registry, ServerJobLog serverLog) {
        this.registry = registry;
        this.serverLog = serverLog;
    }

    public void registerOn(Messenger messenger) {
        messenger.register(CHANNEL, NEXT, this::next);
        messenger.register(CHANNEL, STATUS, this::status);
    }

    /** The settings a site last reported, or the defaults. */
    public SiteSettings settingsOf(String site) {
        return siteSettings.getOrDefault(site, SiteSettings.defaults());
    }

    Message next(Peer peer, Message request) {
        if (request.body().length > 0) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = Json.MAPPER.readValue(request.body(), Map.class);
                siteSettings.put(peer.site(), SiteSettings.of(settings));
            } catch (IOException | IllegalArgumentException e) {
                return Message.reply(ReturnCode.BAD_REQUEST_DATA, "site settings of " + peer.site()
                        + " are not a valid JSON object: " + e.getMessage());
            }
        }
        return registry.take(peer.site()).map(handOut -> {
            JobRecord job = handOut.job();
            serverLog.append(job.jobId(), handOut.lapsed() == null ? "job assigned to site " + peer.site()
                    : "job offered again to site " + peer.site() + ": it never confirmed the hand-out at " + handOut.lapsed());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("job_id", job.jobId());
            body.put("name", job.name());
            body.put("config", job.config());
            try {
                return Message.reply(ReturnCode.OK).with("job_id", job.jobId())
                        .withBody(Json.MAPPER.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode job " + job.jobId(), e);
            }
        }).orElse(Message.reply(ReturnCode.OK));
    }

    Message status(Peer peer, Message request) {
        String jobId = request.header("job_id");
        JobStatus status;
        try {
            status = JobStatus.parse(request.header("status"));
        } catch (IllegalArgumentException e) {
            return Message.reply(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
        }
        JobRecord job;
        try {
            JobStatus before = registry.get(jobId).map(j -> j.siteStatus().get(peer.site())).orElse(null);
            job = registry.report(jobId, peer.site(), status);
            if (before != status && !(before != null && before.ended())) {
                serverLog.append(jobId, "site " + peer.site() + " reports " + status + "; job is " + job.status());
            }
        } catch (IllegalArgumentException e) {
            return Message.reply(ReturnCode.BAD_REQUEST_DATA, e.getMessage());
        }
        Message reply = Message.reply(ReturnCode.OK).with("abort", Boolean.toString(job.status() == JobStatus.ABORTED));
        String level = job.logLevels().get(peer.site());
        return level == null ? reply : reply.with("log_level", level);
    }
}
