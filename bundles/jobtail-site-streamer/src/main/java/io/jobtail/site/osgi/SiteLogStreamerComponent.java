package io.jobtail.site.osgi;

import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import io.jobtail.site.SiteLogStreamer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SiteLogStreamer} offered as a {@link Widget} service for site runtimes (service property
 * {@code jobtail.process=site}), configured under PID {@value #PID} with the same keys as the
 * component's {@code args} in a job config. Runs with the defaults when there is no configuration.
 *
 * <p>A configuration update takes effect for the next event, without a restart. An update with an
 * invalid value is refused with one error line naming the key and the value, and the last good
 * configuration stays in force. An invalid configuration at activation fails the activation (there
 * is no good configuration to keep); SCR retries with the next update.
 *
 * <p>Events are handed to the streamer in force when they arrive; swapping it is a volatile write,
 * so the host's event thread and Config Admin's thread never wait for each other.
 */
@Component(configurationPid = SiteLogStreamerComponent.PID, service = Widget.class, immediate = true,
        property = "jobtail.process=site")
@Designate(ocd = SiteLogStreamerComponent.Config.class)
public final class SiteLogStreamerComponent implements Widget {
    public static final String PID = SiteLogStreamer.TYPE;

    /** The keys and defaults of {@link SiteLogStreamer#fromArgs}; durations in seconds. */
    @ObjectClassDefinition(name = "Jobtail site log streamer",
            description = "Injects a JobLogStreamer into every job config deployed at this site.")
    public @interface Config {
        @AttributeDefinition(description = "The job's log file to stream, relative to the job directory.")
        String log__file__name() default "log.txt";

        @AttributeDefinition(description = "Seconds between heartbeats while the log is quiet.")
        double liveness__interval() default 10;

        @AttributeDefinition(description = "Seconds between polls of the log when it cannot be watched.")
        double poll__interval() default 0.5;
    }

    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(SiteLogStreamerComponent.class);

    private final Logger log;
    private volatile SiteLogStreamer streamer;

    public SiteLogStreamerComponent() {
        this(DEFAULT_LOG);
    }

    /** With another logger: tests assert on what is logged. */
    SiteLogStreamerComponent(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param properties the raw configuration, to name a value the typed view cannot convert
     * @throws IllegalArgumentException naming the key and the value when the configuration is invalid
     */
    @Activate
    void activate(Config config, Map<String, Object> properties) {
        streamer = streamerOf(config, properties);
        log.info("{}: active, {}", PID, streamer);
    }

    /** Applies a valid configuration, or logs why it is refused and keeps the one in force. */
    @Modified
    void modified(Config config, Map<String, Object> properties) {
        SiteLogStreamer previous = streamer;
        try {
            streamer = streamerOf(config, properties);
        } catch (IllegalArgumentException e) {
            log.error("{}: configuration refused, {}; keeping {}", PID, e.getMessage(), previous);
            return;
        }
        log.info("{}: reconfigured, {}", PID, streamer);
    }

    static SiteLogStreamer streamerOf(Config config, Map<String, Object> properties) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("log_file_name", typed("log_file_name", config::log__file__name, properties));
        args.put("liveness_interval", typed("liveness_interval", config::liveness__interval, properties));
        args.put("poll_interval", typed("poll_interval", config::poll__interval, properties));
        return SiteLogStreamer.fromArgs(args);
    }

    /** Reads one typed value; SCR's typed view throws when the raw value does not convert. */
    private static Object typed(String key, Supplier<?> accessor, Map<String, Object> properties) {
        try {
            return accessor.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("SiteLogStreamer: argument " + key + " = \"" + properties.get(key)
                    + "\" is not of the right type (" + e.getMessage() + ")", e);
        }
    }

    /** The streamer in force: what the next event will see. */
    SiteLogStreamer streamer() {
        return streamer;
    }

    @Override
    public void handleEvent(String type, JobContext ctx) {
        streamer.handleEvent(type, ctx);
    }

    @Override
    public String toString() {
        return "SiteLogStreamerComponent[" + streamer + "]";
    }
}
