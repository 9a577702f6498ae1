package io.jobtail.itests.felix;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.Widget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The server and site runtimes run as DS components in one framework, talking HTTP over loopback;
 * jobs run as separate JVMs on the test's class path, as the reference launcher runs them. The
 * SiteLogStreamer bundle is hot-deployed by copying it into FileInstall's directory while the site
 * runs, and removed by deleting it; the next job's config shows whether the site took it. The
 * streamed log is compared byte for byte with the job's own file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SiteRuntimeWhiteboardTest {
    private static final Duration DEPLOY = Duration.ofSeconds(20);

    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;

    private JobtailInFelix jobtail;
    private Path deployed;

    @Configuration
    public Option[] config() {
        return options(FelixSetup.felix("whiteboard", false, Path.of("target", "felix-deploy", "whiteboard").toAbsolutePath()));
    }

    @Before
    public void startServerAndSite() throws Exception {
        deployed = Path.of(System.getProperty(FelixSetup.DEPLOY_DIR)).resolve("jobtail-site-streamer.jar");
        Files.deleteIfExists(deployed);
        jobtail = new JobtailInFelix(configAdmin, Files.createTempDirectory(Path.of("target").toAbsolutePath(), "felix-wb-"));
        jobtail.startServer().startSite();
    }

    @After
    public void stopEverything() throws Exception {
        try {
            jobtail.close();
        } finally {
            Files.deleteIfExists(deployed);
        }
    }

    @Test
    public void aStreamerDeployedWhileTheSiteRunsIsInjectedIntoTheNextJobWhoseLogArrivesByteIdentical() throws Exception {
        deploySiteStreamer();

        String jobId = jobtail.submit("with-streamer");
        assertEquals("FINISHED_OK", jobtail.awaitEnded(jobId));

        JsonNode injected = streamerEntry(jobtail.deployedConfig(jobId));
        assertEquals("auto_log_streamer", injected.path("id").asText());
        assertTrue(injected.path("args").path("target_parent_server").asBoolean());
        byte[] original = Files.readAllBytes(jobtail.siteLog(jobId, "log.txt"));
        assertTrue("the job logged something", original.length > 1000);
        // The server may call the log complete a moment before the site's JOB_COMPLETED upload has
        // delivered the lines written after END_RUN; what must hold is that its copy ends identical.
        byte[] stored = Poll.until(Duration.ofSeconds(30), "the server's complete copy of log.txt of " + jobId
                + " to equal the job's " + original.length + " bytes", () -> {
                    byte[] copy = jobtail.completeLog(jobId, "log.txt");
                    return copy != null && Arrays.equals(copy, original) ? copy : null;
                });
        assertArrayEquals(original, stored);
        assertArrayEquals(original, Files.readAllBytes(jobtail.store.resolve(jobId).resolve(JobtailInFelix.SITE).resolve("log.txt")));
    }

    @Test
    public void aStreamerRemovedWhileTheSiteRunsLeavesTheNextJobAlone() throws Exception {
        deploySiteStreamer();
        Files.delete(deployed);
        Poll.until(DEPLOY, "FileInstall to uninstall the SiteLogStreamer bundle",
                () -> bundle("io.jobtail.site") == null && siteWidgets() == 0 ? Boolean.TRUE : null);

        String jobId = jobtail.submit("without-streamer");
        assertEquals("FINISHED_OK", jobtail.awaitEnded(jobId));

        JsonNode config = jobtail.deployedConfig(jobId);
        assertEquals("no streamer injected: " + config, null, streamerEntry(config));
        assertTrue("the job ran and logged", Files.size(jobtail.siteLog(jobId, "log.txt")) > 1000);
        assertFalse("nothing streamed for " + jobId, Files.exists(jobtail.store.resolve(jobId)));
    }

    /** Copies the bundle into FileInstall's directory and waits for its widget to be a service. */
    private void deploySiteStreamer() throws Exception {
        assertEquals(0, siteWidgets());
        Path tmp = deployed.resolveSibling("jobtail-site-streamer.jar.tmp");
        Files.copy(Path.of(System.getProperty(FelixSetup.SITE_STREAMER_JAR)), tmp, StandardCopyOption.REPLACE_EXISTING);
        // FileInstall ignores files it sees half-written only by luck: give it the whole jar at once
        Files.move(tmp, deployed, StandardCopyOption.ATOMIC_MOVE);
        Poll.until(DEPLOY, "FileInstall to start the SiteLogStreamer bundle and SCR to register its widget",
                () -> bundle("io.jobtail.site") != null && bundle("io.jobtail.site").getState() == Bundle.ACTIVE
                        && siteWidgets() == 1 ? Boolean.TRUE : null);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private int siteWidgets() throws Exception {
        var refs = context.getServiceReferences(Widget.class, "(jobtail.process=site)");
        return refs.size();
    }

    /** The job config's JobLogStreamer entry, or null. */
    private static JsonNode streamerEntry(JsonNode config) {
        for (JsonNode c : config.path("components")) {
            if ("io.jobtail.job.JobLogStreamer".equals(c.path("path").asText())) {
                return c;
            }
        }
        return null;
    }
}
