package io.jobtail.host.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.host.Components;
import io.jobtail.host.Json;
import io.jobtail.host.Widgets;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessenger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job process's main: {@code JobRunner --workspace WS --job JOB --site SITE --server URL --token-file F}.
 *
 * <p>In order: selects logback and configures the job's logs ({@link JobLogging}); loads the
 * deployed {@code config_fed_client.json}'s components; fires {@code START_RUN}; runs the work
 * ({@link Work}); fires {@code ABOUT_TO_END_RUN} and {@code END_RUN}; writes a few closing lines
 * (these reach the server through the site's {@code JOB_COMPLETED} resume); exits 0 when the work
 * succeeded, 1 otherwise (2 when the job could not even be set up).
 */
public final class JobRunner {
    static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";

    private JobRunner() {
    }

    public static void main(String[] argv) {
        // before the first LoggerFactory call: the class path may also hold slf4j-simple (the CLI's)
        System.setProperty("slf4j.provider", LOGBACK_PROVIDER);
        Map<String, String> args = parse(argv);
        System.exit(run(args));
    }

    static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("JobRunner: expected --name value pairs, got \"" + argv[i] + "\"");
            }
            args.put(argv[i].substring(2), argv[++i]);
        }
        for (String required : new String[] {"workspace", "job", "site", "server", "token-file"}) {
            if (!args.containsKey(required)) {
                throw new IllegalArgumentException("JobRunner: --" + required + " is missing");
            }
        }
        return args;
    }

    static int run(Map<String, String> args) {
        Workspace workspace = new Workspace(Path.of(args.get("workspace")));
        String jobId = args.get("job");
        String site = args.get("site");
        Path jobDir = workspace.jobDir(jobId);
        JsonNode config;
        JobLogging logging;
        try {
            config = Json.MAPPER.readTree(workspace.clientConfig(jobId, site).toFile());
            logging = JobLogging.configure(jobDir, config.path("logging"));
        } catch (Exception e) {
            System.err.println("job " + jobId + " at " + site + " cannot be set up: " + e);
            return 2;
        }
        Logger log = LoggerFactory.getLogger("job");
        boolean ok = false;
        try (LevelWatcher levels = new LevelWatcher(jobDir.resolve("log_level"), Duration.ofMillis(250), level -> {
            logging.setLevel(level);
            LoggerFactory.getLogger("job").warn("log level changed to {} by log-config", level);
        }).start()) {
            StreamRunner engine = new StreamRunner(HttpMessenger.builder(URI.create(args.get("server")))
                    .tokenFile(Path.of(args.get("token-file"))).build());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put(JobContext.META_JOB_ID, jobId);
            JobContext ctx = JobContext.builder().jobId(jobId).identityName(site).processType(ProcessType.CLIENT_JOB)
                    .workspace(workspace).jobMeta(meta).engine(engine).build();
            Widgets widgets = new Widgets(Components.discover().create(config,
                    workspace.clientConfig(jobId, site).toString()));
            log.info("job {} starting at site {} with {} component(s)", jobId, site, widgets.list().size());
            widgets.fire(EventType.START_RUN.name(), ctx);
            try {
                ok = new Work(config.get("work")).run(jobDir, log);
            } catch (RuntimeException e) {
                log.error("job {} failed", jobId, e);
            }
            log.info("job {} work done: {}", jobId, ok ? "success" : "failure");
            widgets.fire(EventType.ABOUT_TO_END_RUN.name(), ctx);
            widgets.fire(EventType.END_RUN.name(), ctx);
            // written after END_RUN on purpose: the site's JOB_COMPLETED resume delivers them
            log.info("job {} run ended; tearing down", jobId);
            log.info("job {} process exiting with code {}", jobId, ok ? 0 : 1);
            engine.shutdownStreamer();
        } catch (Exception e) {
            log.error("job {} at {} failed outside its work", jobId, site, e);
            ok = false;
        } finally {
            logging.stop();
        }
        return ok ? 0 : 1;
    }
}
