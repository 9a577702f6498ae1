package io.jobtail.itests.process;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.Await;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job definitions the tests submit, and waits on their status. Stateless. */
final class Jobs {
    /** The streamed file of {@link LogWriterJob} jobs (log.txt stays the job runner's own log). */
    static final String APP_LOG = "app.log";

    private Jobs() {
    }

    /** The demo's sample job on {@code sites}: logs for {@code seconds}, rotating log.txt every 40 KB. */
    static Map<String, Object> sample(String name, List<String> sites, int seconds) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("sites", sites);
        job.put("work", Map.of("main_class", "io.jobtail.host.demo.SampleJob", "args", List.of(Integer.toString(seconds))));
        job.put("logging", Map.of("max_file_size", "40KB", "max_index", 100));
        return job;
    }

    /**
     * A {@link LogWriterJob} on {@code site} that writes {@link #APP_LOG} for {@code seconds} and
     * rotates it by {@code mode} every {@code everyMs}, streamed by a {@code JobLogStreamer} the
     * job declares itself (so the site, which streams only log.txt and error_log.txt, never
     * resends it: the job's own streamer alone must get every byte there).
     */
    static Map<String, Object> writer(String name, String site, String mode, int seconds, int everyMs) {
        return writer(name, site, mode, seconds, everyMs, Map.of());
    }

    /** {@link #writer} with extra arguments for the app.log streamer (e.g. a short retry budget). */
    static Map<String, Object> writer(String name, String site, String mode, int seconds, int everyMs,
            Map<String, Object> streamerArgs) {
        return writer(name, site, mode, seconds, everyMs, 5, streamerArgs);
    }

    /** {@link #writer} keeping the last {@code keep} rotated files (mode {@code rename}). */
    static Map<String, Object> writer(String name, String site, String mode, int seconds, int everyMs, int keep,
            Map<String, Object> streamerArgs) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("log_file_name", APP_LOG);
        args.putAll(streamerArgs);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("sites", List.of(site));
        job.put("components", List.of(Map.of("id", "app_log_streamer", "path", "io.jobtail.job.JobLogStreamer", "args", args)));
        job.put("work", Map.of("main_class", LogWriterJob.class.getName(),
                "args", List.of(mode, APP_LOG, Integer.toString(seconds), Integer.toString(everyMs), Integer.toString(keep))));
        return job;
    }

    /** A command job on {@code sites}. */
    static Map<String, Object> command(String name, List<String> sites, String... command) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("sites", sites);
        job.put("work", Map.of("command", List.of(command)));
        return job;
    }

    /** Waits until the job has ended and returns its final status. */
    static String awaitEnd(AdminApi admin, String jobId, Duration limit) {
        return Await.until(limit, "job " + jobId + " to end", () -> {
            String s = admin.status(jobId);
            return AdminApi.ended(s) ? s : null;
        });
    }

    /** Waits until the server says its copy of {@code file} from {@code site} is complete. */
    static void awaitComplete(AdminApi admin, String jobId, String site, String file, Duration limit) {
        Await.condition(limit, "the server copy of " + site + "'s " + file + " of job " + jobId + " to be complete", () -> {
            try {
                return admin.logComplete(jobId, site, file);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
