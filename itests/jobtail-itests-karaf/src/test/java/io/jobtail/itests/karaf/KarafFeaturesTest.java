package io.jobtail.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.jobtail.api.Widget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

/**
 * {@code feature:repo-add} and {@code feature:install jobtail-site jobtail-server} in a fresh
 * Karaf: every Jobtail bundle starts, both components become active, and they run with the
 * default configuration files the features put into {@code etc/}.
 */
public class KarafFeaturesTest extends KarafContainerTest {
    private static final List<String> BUNDLES = List.of("io.jobtail.api", "io.jobtail.streaming", "io.jobtail.site",
            "io.jobtail.job", "io.jobtail.receiver");


    @Before
    public void installFeatures() {
        // The commands docs/karaf.md gives; all idempotent, so each test may run them.
        shell.run("feature:repo-add " + JobtailFeatures.repositoryUrl());
        shell.run("feature:install jobtail-site");
        shell.run("feature:install jobtail-server");
    }

    @Test
    public void everyJobtailBundleIsActive() {
        Map<String, String> states = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("io.jobtail.")) {
                states.put(b.getSymbolicName(), b.getState() == Bundle.ACTIVE ? "ACTIVE" : "state " + b.getState());
            }
        }
        assertEquals(BUNDLES.stream().sorted().collect(Collectors.toMap(n -> n, n -> "ACTIVE", (a, b) -> a, TreeMap::new)),
                states);
    }

    @Test
    public void componentsRunWithTheDefaultConfigFilesTheFeaturesInstall() throws Exception {
        Map<String, String> siteDefaults = JobtailFeatures.defaultConfig("site-log-streamer");
        Map<String, String> receiverDefaults = JobtailFeatures.defaultConfig("job-log-receiver");

        components.awaitActive(Components.SITE_LOG_STREAMER, Widget.class, siteDefaults);
        components.awaitActive(Components.JOB_LOG_RECEIVER, Widget.class, receiverDefaults);

        assertEquals(siteDefaults, configAdminValues(JobtailFeatures.SITE_PID, siteDefaults));
        assertEquals(receiverDefaults, configAdminValues(JobtailFeatures.RECEIVER_PID, receiverDefaults));
        Path etc = Path.of(System.getProperty("karaf.etc"));
        assertEquals("the feature installs the default file unchanged",
                Files.readString(JobtailFeatures.artifact("jobtail-features", "site-log-streamer", "cfg")),
                Files.readString(etc.resolve(JobtailFeatures.SITE_PID + ".cfg")));
    }

    @Test
    public void siteLogStreamerWithDefaultsInjectsAStreamerWithNoOverrides() throws Exception {
        components.awaitActive(Components.SITE_LOG_STREAMER, Widget.class,
                JobtailFeatures.defaultConfig("site-log-streamer"));
        ServiceReference<Widget> ref = components.serviceOf(Components.SITE_LOG_STREAMER, Widget.class);
        Widget widget = context.getService(ref);
        try {
            Path workspace = Files.createTempDirectory("jobtail-karaf-features");
            assertEquals(Map.of("target_parent_server", "true"),
                    new InjectedStreamer(workspace).argsInjectedBy(widget));
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    public void uninstallingTheFeaturesRemovesEveryJobtailBundle() {
        String scrList = shell.run("scr:list");
        assertTrue("scr:list shows the site component:\n" + scrList, scrList.contains("SiteLogStreamer"));

        shell.run("feature:uninstall jobtail-site");
        shell.run("feature:uninstall jobtail-server");

        assertEquals("Jobtail bundles left after feature:uninstall", List.of(), jobtailBundles());
        // (the next test's @Before installs them again)
    }

    private List<String> jobtailBundles() {
        return Stream.of(context.getBundles()).map(Bundle::getSymbolicName)
                .filter(n -> n != null && n.startsWith("io.jobtail.")).sorted().collect(Collectors.toList());
    }

    /** The configuration Config Admin holds for {@code pid}, restricted to the keys of {@code expected}. */
    private Map<String, String> configAdminValues(String pid, Map<String, String> expected) throws Exception {
        Configuration[] found = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        assertNotNull("Config Admin holds no configuration " + pid, found);
        Dictionary<String, Object> props = found[0].getProperties();
        Map<String, String> values = new TreeMap<>();
        for (String key : expected.keySet()) {
            Object v = props.get(key);
            values.put(key, v == null ? null : String.valueOf(v));
        }
        return values;
    }
}
