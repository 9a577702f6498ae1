package io.jobtail.host.osgi;

import io.jobtail.api.Widget;
import io.jobtail.host.site.JobLauncher;
import io.jobtail.host.site.SiteRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SiteRuntime} on a thread of its own while its configuration {@value #PID} exists.
 * Its widgets are the {@link Widget} services meant for sites (property {@code jobtail.process=site},
 * or none), taken and dropped while it runs: each job's events go to the widgets present when they
 * fire, so a {@code SiteLogStreamer} deployed now edits the config of the next job launched.
 *
 * <p>Job processes are plain JVMs started on {@code job_classpath} (they load their components
 * through ServiceLoader). A configuration change restarts the site; deactivation stops polling and
 * ends the job processes still running.
 */
@Component(configurationPid = SiteRuntimeComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true,
        reference = @Reference(name = WhiteboardRuntime.WIDGET_REFERENCE, service = Widget.class, cardinality = ReferenceCardinality.MULTIPLE,
                policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = WidgetTargets.SITE_WIDGETS,
                bind = WhiteboardRuntime.BIND, unbind = WhiteboardRuntime.UNBIND))
@Designate(ocd = SiteRuntimeComponent.Config.class)
public final class SiteRuntimeComponent extends WhiteboardRuntime {
    public static final String PID = "io.jobtail.host.site";
    private static final Logger LOG = LoggerFactory.getLogger(SiteRuntimeComponent.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    /** The site runtime's configuration; keys are snake_case like the {@code jobtail site} options. */
    @ObjectClassDefinition(name = "Jobtail site runtime",
            description = "The reference launcher's site: takes jobs from the server and runs each as a separate JVM.")
    public @interface Config {
        @AttributeDefinition(description = "This site's name, as provisioned.")
        String name();

        @AttributeDefinition(description = "The server's base URL, e.g. http://127.0.0.1:8443.")
        String server__url();

        @AttributeDefinition(description = "The site's workspace directory (site.json, job directories).")
        String workspace();

        @AttributeDefinition(description = "This site's token file, written by 'jobtail provision'.")
        String token__file();

        @AttributeDefinition(description = "Seconds between asks for work (default 0.5).")
        double poll__interval() default 0.5;

        @AttributeDefinition(required = false,
                description = "The class path job processes run on: io.jobtail.host.job.JobRunner and the components"
                        + " they load (default: this JVM's java.class.path).")
        String job__classpath() default "";
    }

    public SiteRuntimeComponent() {
        super(PID);
    }

    private SiteRuntime runtime;
    private Thread poller;

    @Activate
    void activate(Config config) throws IOException {
        String name = RuntimeConfig.required(PID, "name", config.name());
        URI server = serverUrl(config.server__url());
        Path workspace = requiredPath("workspace", config.workspace());
        Path tokenFile = requiredPath("token_file", config.token__file());
        double seconds = config.poll__interval();
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(PID + ": poll_interval must be a positive number of seconds, not " + seconds);
        }
        String classPath = config.job__classpath().isBlank() ? System.getProperty("java.class.path")
                : config.job__classpath().trim();
        SiteRuntime site = new SiteRuntime(name, server, workspace, tokenFile,
                Duration.ofNanos(Math.round(seconds * 1e9)), widgets, new JobLauncher(classPath));
        Thread thread = new Thread(() -> {
            try {
                site.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("{}: site {} stopped polling after an unexpected failure", PID, name, e);
            }
        }, "jobtail-site-" + name);
        thread.setDaemon(true);
        runtime = site;
        poller = thread;
        thread.start();
        LOG.info("{}: site runtime {} started, polling {}", PID, name, server);
    }

    private static URI serverUrl(String value) {
        String url = RuntimeConfig.required(PID, "server_url", value);
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(PID + ": configuration key server_url = \"" + url
                        + "\" must be an http or https URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PID + ": configuration key server_url = \"" + url + "\" is not a URL: "
                    + e.getMessage(), e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (runtime == null) {
            return;
        }
        runtime.close();
        poller.interrupt();
        poller.join(STOP_WAIT.toMillis());
        if (poller.isAlive()) {
            LOG.warn("{}: site poller {} still running {} s after stop", PID, poller.getName(), STOP_WAIT.toSeconds());
        }
        runtime = null;
        poller = null;
    }
}
