package io.jobtail.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Config Admin reaches the SiteLogStreamer component without a restart, through the API and
 * through a {@code .cfg} file in FileInstall's directory; an invalid value is refused with one log
 * line and the last good configuration stays. Observed through what the component does: the
 * streamer it injects into a deployed job config.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigAdminTest {
    private static final String PID = "io.jobtail.site.SiteLogStreamer";
    private static final Path DEPLOY = Path.of("target", "felix-deploy", "config").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APPLIED = Duration.ofSeconds(15);
    private static final AtomicInteger JOBS = new AtomicInteger();

    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;

    private Path workspace;
    private ServiceReference<Widget> ref;
    private Widget streamer;

    @Configuration
    public Option[] config() {
        return options(FelixSetup.felix("config", true, DEPLOY));
    }

    @Before
    public void takeTheStreamer() throws Exception {
        workspace = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "felix-config-");
        ref = context.getServiceReferences(Widget.class, "(jobtail.process=site)").iterator().next();
        streamer = context.getService(ref);
    }

    @After
    public void dropTheConfiguration() throws Exception {
        context.ungetService(ref);
        if (Files.deleteIfExists(Path.of(System.getProperty(FelixSetup.DEPLOY_DIR)).resolve(PID + ".cfg"))) {
            // FileInstall deletes the configuration it made on its next poll; the next test must not race that
            Poll.until(APPLIED, "FileInstall to delete the configuration of the removed " + PID + ".cfg",
                    () -> configAdmin.listConfigurations("(service.pid=" + PID + ")") == null ? Boolean.TRUE : null);
        } else {
            configAdmin.getConfiguration(PID, "?").delete();
        }
    }

    @Test
    public void anUpdateTakesEffectWithoutRestartAndAnInvalidOneIsRefused() throws Exception {
        assertEquals(Map.of("target_parent_server", true), injectedArgs());

        update(Map.of("liveness_interval", 2.5));
        Poll.until(APPLIED, "liveness_interval 2.5 in the injected streamer",
                () -> injectedArgs().get("liveness_interval") instanceof Number ? Boolean.TRUE : null);
        assertEquals(Map.of("target_parent_server", true, "liveness_interval", 2.5), injectedArgs());

        // as a hand-edited .cfg delivers it: a string, and not a positive number
        update(Map.of("liveness_interval", "-1"));
        String refusal = Poll.until(APPLIED, "the refusal of liveness_interval -1 in " + logFile(),
                () -> single(refusals("liveness_interval")));
        assertEquals(Map.of("target_parent_server", true, "liveness_interval", 2.5), injectedArgs());

        update(Map.of("liveness_interval", "soon"));
        Poll.until(APPLIED, "the refusal of liveness_interval soon", () -> refusals("soon").size() == 1 ? Boolean.TRUE : null);
        assertEquals(Map.of("target_parent_server", true, "liveness_interval", 2.5), injectedArgs());

        assertEquals("refusal names the value: " + refusal, true, refusal.contains("-1"));
        assertEquals("the component was not restarted", ref.getProperty(Constants.SERVICE_ID),
                context.getServiceReferences(Widget.class, "(jobtail.process=site)").iterator().next()
                        .getProperty(Constants.SERVICE_ID));
    }

    @Test
    public void aCfgFileDroppedIntoTheFileInstallDirectoryConfiguresIt() throws Exception {
        Path cfg = Path.of(System.getProperty(FelixSetup.DEPLOY_DIR)).resolve(PID + ".cfg");
        Files.writeString(cfg, "log_file_name = error_log.txt\npoll_interval = 0.25\n", StandardCharsets.UTF_8);

        Poll.until(APPLIED, "error_log.txt from " + cfg + " in the injected streamer",
                () -> "error_log.txt".equals(injectedArgs().get("log_file_name")) ? Boolean.TRUE : null);
        assertEquals(Map.of("target_parent_server", true, "log_file_name", "error_log.txt", "poll_interval", 0.25),
                injectedArgs());
    }

    private void update(Map<String, Object> values) throws Exception {
        configAdmin.getConfiguration(PID, "?").update(new Hashtable<>(values));
    }

    /** Deploys a fresh job config, fires BEFORE_JOB_LAUNCH at the component, returns the injected streamer's args. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> injectedArgs() throws Exception {
        String jobId = "job-" + JOBS.incrementAndGet();
        Workspace ws = new Workspace(workspace);
        Path config = ws.clientConfig(jobId, "site-1");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"components\": []}", StandardCharsets.UTF_8);
        streamer.handleEvent(EventType.BEFORE_JOB_LAUNCH.name(), JobContext.builder().jobId(jobId).identityName("site-1")
                .processType(ProcessType.CLIENT_PARENT).workspace(ws).build());
        JsonNode entry = JSON.readTree(config.toFile()).get("components").get(0);
        assertEquals("io.jobtail.job.JobLogStreamer", entry.get("path").asText());
        return JSON.convertValue(entry.get("args"), Map.class);
    }

    private static Path logFile() {
        return Path.of(System.getProperty(FelixSetup.LOG_FILE));
    }

    private static List<String> refusals(String mentioning) throws Exception {
        return Files.readAllLines(logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(PID + ": configuration refused") && l.contains(mentioning)).collect(Collectors.toList());
    }

    private static String single(List<String> lines) {
        if (lines.size() > 1) {
            throw new AssertionError("more than one log line for one refusal: " + lines);
        }
        return lines.isEmpty() ? null : lines.get(0);
    }
}
