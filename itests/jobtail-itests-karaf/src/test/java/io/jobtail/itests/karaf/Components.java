package io.jobtail.itests.karaf;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What SCR reports about the Jobtail components, found by implementation class (the component
 * name is the component's own business). Reads only; thread-safe.
 */
final class Components {
    static final String SITE_LOG_STREAMER = "io.jobtail.site.osgi.SiteLogStreamerComponent";
    static final String JOB_LOG_RECEIVER = "io.jobtail.receiver.osgi.JobLogReceiverComponent";
    static final Duration WAIT = Duration.ofSeconds(30);

    private final BundleContext context;
    /** Found once and kept for the probe's life; the probe never stops SCR. */
    private ServiceComponentRuntime scr;

    Components(BundleContext context) {
        this.context = context;
    }

    /**
     * SCR's introspection service. Looked up, not injected: the {@code scr} feature (and with it
     * the {@code org.osgi.service.component} API) arrives only with the Jobtail features.
     */
    private synchronized ServiceComponentRuntime scr() {
        if (scr == null) {
            scr = Poll.until(WAIT, "the ServiceComponentRuntime service (the scr feature)", () -> {
                ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
                return ref == null ? null : context.getService(ref);
            });
        }
        return scr;
    }

    /** The component whose implementation class is {@code implementationClass}, if a bundle declares it. */
    Optional<ComponentDescriptionDTO> description(String implementationClass) {
        return scr().getComponentDescriptionDTOs().stream()
                .filter(d -> implementationClass.equals(d.implementationClass))
                .findFirst();
    }

    /**
     * Waits until the component is ACTIVE (getting its service first, so a delayed component is
     * activated) with a configuration whose properties include every entry of {@code expected}
     * (compared as text: values from a {@code .cfg} file are strings), and returns those
     * properties: the configuration from Config Admin merged into the component's own.
     *
     * @throws AssertionError after {@link #WAIT}, naming the properties last seen
     */
    Map<String, Object> awaitActive(String implementationClass, Class<?> service, Map<String, String> expected) {
        AtomicReference<Map<String, Object>> lastSeen = new AtomicReference<>();
        try {
            return Poll.until(WAIT, implementationClass + " ACTIVE with " + expected, () -> {
                Map<String, Object> props = activeProperties(implementationClass, service);
                lastSeen.set(props);
                return props != null && includes(props, expected) ? props : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + (lastSeen.get() == null
                    ? "not active" : "active with " + lastSeen.get()), e);
        }
    }

    private Map<String, Object> activeProperties(String implementationClass, Class<?> service) throws Exception {
        ComponentDescriptionDTO d = description(implementationClass).orElse(null);
        if (d == null) {
            return null;
        }
        ServiceReference<?>[] refs = context.getServiceReferences(service.getName(), "(component.name=" + d.name + ")");
        if (refs == null) {
            return null;
        }
        Object instance = context.getService(refs[0]);
        try {
            if (instance == null) {
                return null;
            }
            for (ComponentConfigurationDTO c : scr().getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.ACTIVE) {
                    return c.properties;
                }
            }
            return null;
        } finally {
            context.ungetService(refs[0]);
        }
    }

    private static boolean includes(Map<String, Object> props, Map<String, String> expected) {
        return expected.entrySet().stream()
                .allMatch(e -> props.get(e.getKey()) != null && e.getValue().equals(String.valueOf(props.get(e.getKey()))));
    }

    /** Waits until no bundle declares the component any more. */
    void awaitGone(String implementationClass) {
        Poll.until(WAIT, implementationClass + " gone", () -> description(implementationClass).isEmpty() ? true : null);
    }

    /** A service the component registers, for the caller to use and unget. */
    <S> ServiceReference<S> serviceOf(String implementationClass, Class<S> service) throws Exception {
        ComponentDescriptionDTO d = description(implementationClass)
                .orElseThrow(() -> new AssertionError("no component " + implementationClass));
        return context.getServiceReferences(service, "(component.name=" + d.name + ")").stream().findFirst()
                .orElseThrow(() -> new AssertionError("component " + d.name + " registers no " + service.getName()));
    }
}
