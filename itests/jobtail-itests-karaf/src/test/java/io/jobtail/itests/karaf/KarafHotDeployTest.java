package io.jobtail.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.jobtail.api.Widget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/**
 * The site bundle hot-deployed into a Karaf that has only {@code jobtail-core} (SCR, Jackson, the
 * API and the streaming core): copied into {@code deploy/} it starts and its component becomes
 * active; {@code etc/io.jobtail.site.SiteLogStreamer.cfg} (or {@code config:edit}) configures it
 * while it runs, and an invalid value is refused; removed from {@code deploy/} it is uninstalled
 * and its component is gone. Each test deploys the jar afresh and removes it, and its
 * configuration, afterwards.
 */
public class KarafHotDeployTest extends KarafContainerTest {
    private static final String SITE_BSN = "io.jobtail.site";
    private static final Duration WAIT = Components.WAIT;

    private InjectedStreamer injected;
    private Path deployed;
    private Path cfg;
    /** Held like a site runtime holds every Widget, so SCR keeps the (delayed) component active. */
    private ServiceReference<Widget> held;

    @Before
    public void installCoreAndDeploySiteBundle() throws IOException {
        cfg = Path.of(System.getProperty("karaf.etc"), JobtailFeatures.SITE_PID + ".cfg");
        shell.run("feature:repo-add " + JobtailFeatures.repositoryUrl());
        shell.run("feature:install jobtail-core");
        injected = new InjectedStreamer(Files.createTempDirectory("jobtail-karaf-hot-deploy"));
        assertNull("the site bundle is not installed before it is deployed", siteBundle().orElse(null));

        Path jar = JobtailFeatures.artifact("jobtail-site-streamer", "", "jar");
        deployed = Path.of(System.getProperty("karaf.base"), "deploy", jar.getFileName().toString());
        moveIntoPlace(Files.readAllBytes(jar), deployed);
        Poll.until(WAIT, SITE_BSN + " ACTIVE after copying " + deployed.getFileName() + " into deploy/",
                () -> siteBundle().filter(b -> b.getState() == Bundle.ACTIVE).orElse(null));
        held = Poll.until(WAIT, "the site component's Widget service",
                () -> components.serviceOf(Components.SITE_LOG_STREAMER, Widget.class));
        context.getService(held);
    }

    /**
     * Undeploys the bundle and removes its configuration, so the next test starts as this one did
     * (runs before the base class closes the shell).
     */
    @After
    public void removeWhatTheTestPutInPlace() throws Exception {
        try {
            if (held != null) {
                context.ungetService(held);
            }
            if (deployed != null && Files.deleteIfExists(deployed)) {
                Poll.until(WAIT, SITE_BSN + " uninstalled after the test", () -> siteBundle().isEmpty() ? true : null);
            }
        } finally {
            // config:delete removes a configuration made with config:edit (and its saved file);
            // FileInstall removes one that came from a file when the file goes.
            if (siteConfigurationExists()) {
                shell.run("config:delete " + JobtailFeatures.SITE_PID);
            }
            Files.deleteIfExists(cfg);
            Poll.until(WAIT, "no configuration " + JobtailFeatures.SITE_PID + " left after the test",
                    () -> siteConfigurationExists() ? null : true);
        }
    }

    private boolean siteConfigurationExists() throws Exception {
        return configAdmin.listConfigurations("(service.pid=" + JobtailFeatures.SITE_PID + ")") != null;
    }

    @Test
    public void hotDeployedComponentRunsAndStopsWhenItsJarLeavesDeploy() throws Exception {
        components.awaitActive(Components.SITE_LOG_STREAMER, Widget.class, Map.of());
        assertEquals("no cfg in etc/: the component runs with the built-in defaults",
                Map.of("target_parent_server", "true"), injectedArgs());
        assertTrue("the bundle was installed from deploy/: " + siteBundle().get().getLocation(),
                siteBundle().get().getLocation().endsWith("/deploy/" + deployed.getFileName()));

        Files.delete(deployed);

        Poll.until(WAIT, SITE_BSN + " uninstalled after its jar left deploy/",
                () -> siteBundle().isEmpty() ? true : null);
        components.awaitGone(Components.SITE_LOG_STREAMER);
        assertNull("no Widget service is left (jobtail-core registers none)",
                context.getServiceReferences(Widget.class.getName(), null));
        deployed = null;
    }

    @Test
    public void etcCfgFileConfiguresTheRunningComponentAndEditsTakeEffect() throws Exception {
        components.awaitActive(Components.SITE_LOG_STREAMER, Widget.class, Map.of());

        writeCfg("liveness_interval = 3", "poll_interval = 2");
        awaitInjectedArgs(Map.of("target_parent_server", "true", "liveness_interval", "3", "poll_interval", "2"));

        writeCfg("poll_interval = 0.25");
        awaitInjectedArgs(Map.of("target_parent_server", "true", "poll_interval", "0.25"));

        Files.delete(cfg);
        awaitInjectedArgs(Map.of("target_parent_server", "true"));
    }

    @Test
    public void configShellCommandsReconfigureTheRunningComponentAndAreSavedToEtc() throws Exception {
        shell.run("config:edit " + JobtailFeatures.SITE_PID + "; config:property-set poll_interval 2; config:update");

        awaitInjectedArgs(Map.of("target_parent_server", "true", "poll_interval", "2"));
        Poll.until(WAIT, "the edit saved to " + cfg, () -> Files.exists(cfg)
                && Files.readAllLines(cfg).stream().anyMatch(l -> l.replace(" ", "").equals("poll_interval=2")) ? true : null);
    }

    @Test
    public void invalidValueInEtcCfgIsRefusedAndTheLastGoodConfigurationStays() throws Exception {
        writeCfg("poll_interval = 2");
        awaitInjectedArgs(Map.of("target_parent_server", "true", "poll_interval", "2"));

        writeCfg("poll_interval = soon");
        String refusal = Poll.until(WAIT, "an ERROR or WARN line in karaf.log naming poll_interval and \"soon\"",
                () -> logLine(l -> (l.contains("ERROR") || l.contains("WARN")) && l.contains("poll_interval")
                        && l.contains("soon")));

        assertEquals("after: " + refusal, Map.of("target_parent_server", "true", "poll_interval", "2"),
                injectedArgs());
    }

    private Optional<Bundle> siteBundle() {
        return Stream.of(context.getBundles()).filter(b -> SITE_BSN.equals(b.getSymbolicName())).findFirst();
    }

    private Map<String, String> injectedArgs() throws Exception {
        ServiceReference<Widget> ref = components.serviceOf(Components.SITE_LOG_STREAMER, Widget.class);
        Widget widget = context.getService(ref);
        try {
            return injected.argsInjectedBy(widget);
        } finally {
            context.ungetService(ref);
        }
    }

    private void awaitInjectedArgs(Map<String, String> expected) {
        Poll.until(WAIT, "SiteLogStreamer to inject " + expected + " (" + cfgText() + ")",
                () -> expected.equals(injectedArgs()) ? true : null);
    }

    /** Replaces etc/<pid>.cfg in one step, so FileInstall never reads half a file. */
    private void writeCfg(String... lines) throws IOException {
        moveIntoPlace((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), cfg);
    }

    private String cfgText() {
        try {
            return Files.exists(cfg) ? "etc file: " + Files.readString(cfg).trim().replace('\n', ',') : "no etc file";
        } catch (IOException e) {
            return "etc file unreadable: " + e;
        }
    }

    private static void moveIntoPlace(byte[] content, Path target) throws IOException {
        // data/tmp is on the same file system and outside every directory FileInstall watches.
        Path tmp = Files.createTempFile(Path.of(System.getProperty("karaf.data"), "tmp"), "jobtail-", ".part");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String logLine(Predicate<String> wanted) throws IOException {
        String dir = System.getProperty("karaf.log", System.getProperty("karaf.data") + "/log");
        List<String> lines = Files.readAllLines(Path.of(dir, "karaf.log"), StandardCharsets.UTF_8);
        return lines.stream().filter(wanted).findFirst().orElse(null);
    }
}
