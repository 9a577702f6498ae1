package io.jobtail.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.jobtail.api.Widget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Every Jobtail bundle resolves and starts in plain Felix, and every component it declares runs. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobtailBundlesTest {
    private static final Set<String> BUNDLES = Set.of("io.jobtail.api", "io.jobtail.streaming", "io.jobtail.transport.http",
            "io.jobtail.receiver", "io.jobtail.job", "io.jobtail.site", "io.jobtail.host");
    private static final Set<String> COMPONENTS = Set.of("io.jobtail.site.osgi.SiteLogStreamerComponent",
            "io.jobtail.receiver.osgi.JobLogReceiverComponent", "io.jobtail.job.osgi.JobLogStreamerFactoryComponent",
            "io.jobtail.host.osgi.ServerRuntimeComponent", "io.jobtail.host.osgi.SiteRuntimeComponent");

    @Inject
    BundleContext context;
    @Inject
    ConfigurationAdmin configAdmin;
    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() {
        return options(FelixSetup.felix("bundles", true, Path.of("target", "felix-deploy", "bundles").toAbsolutePath()));
    }

    @Test
    public void everyJobtailBundleIsActive() {
        Map<String, Integer> states = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.jobtail.")) {
                states.put(b.getSymbolicName(), b.getState());
            }
        }
        assertEquals(new TreeSet<>(BUNDLES), states.keySet());
        states.forEach((name, state) -> assertEquals(name + " is not ACTIVE", Bundle.ACTIVE, (int) state));
    }

    @Test
    public void everyComponentIsActiveOnceTheRuntimesAreConfigured() throws Exception {
        try (JobtailInFelix jobtail = new JobtailInFelix(configAdmin, Files.createTempDirectory(
                Path.of("target").toAbsolutePath(), "felix-bundles-"))) {
            jobtail.startServer().startSite();
            // a delayed component is ACTIVE once used: use the factory as a job process would
            ServiceReference<io.jobtail.api.ComponentFactory> factory = context.getServiceReference(io.jobtail.api.ComponentFactory.class);
            context.getService(factory);

            Poll.until(Duration.ofSeconds(20), "every Jobtail component to be ACTIVE (states: " + componentStates() + ")",
                    () -> componentStates().values().stream().allMatch(s -> s.equals("ACTIVE")) && componentStates().size() == COMPONENTS.size()
                            ? Boolean.TRUE : null);
            // the site runtime took the site streamer, the server runtime the receiver: both are in use
            assertEquals(Set.of("server", "site"), widgetProcesses());
        }
    }

    @Test
    public void jobLogStreamerFactoryIsAComponentFactoryService() throws Exception {
        Collection<ServiceReference<io.jobtail.api.ComponentFactory>> refs = context.getServiceReferences(
                io.jobtail.api.ComponentFactory.class, "(jobtail.component.type=io.jobtail.job.JobLogStreamer)");
        assertEquals(1, refs.size());
        io.jobtail.api.ComponentFactory factory = context.getService(refs.iterator().next());
        try {
            assertEquals("io.jobtail.job.JobLogStreamer", factory.type());
            Widget streamer = factory.create(Map.of("log_file_name", "log.txt"));
            assertEquals("io.jobtail.job.JobLogStreamer", streamer.getClass().getName());
        } finally {
            context.ungetService(refs.iterator().next());
        }
    }

    private Set<String> widgetProcesses() throws Exception {
        return context.getServiceReferences(Widget.class, null).stream()
                .map(r -> String.valueOf(r.getProperty("jobtail.process"))).collect(Collectors.toSet());
    }

    /** Component name → state of its configuration (ACTIVE, SATISFIED, ...), for Jobtail's components. */
    private Map<String, String> componentStates() {
        Map<String, String> states = new TreeMap<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!COMPONENTS.contains(d.name)) {
                continue;
            }
            String state = "NO CONFIGURATION";
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                state = stateName(c.state);
            }
            states.put(d.name, state);
        }
        return states;
    }

    private static String stateName(int state) {
        switch (state) {
            case ComponentConfigurationDTO.ACTIVE:
                return "ACTIVE";
            case ComponentConfigurationDTO.SATISFIED:
                return "SATISFIED";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return "UNSATISFIED_REFERENCE";
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "UNSATISFIED_CONFIGURATION";
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "FAILED_ACTIVATION";
            default:
                return "STATE " + state;
        }
    }
}
