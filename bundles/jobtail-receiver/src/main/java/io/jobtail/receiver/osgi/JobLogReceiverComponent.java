package io.jobtail.receiver.osgi;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import io.jobtail.receiver.JobLogReceiver;
import io.jobtail.receiver.JobLogReceiverFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobLogReceiver} offered as a {@link Widget} service for server runtimes (service property
 * {@code jobtail.process=server}), configured under PID {@value #PID} with the same keys as the
 * component's {@code args} in a server config: {@code dest_dir} (an absolute path: a relative one is
 * refused, see {@link JobLogReceiverFactory}), {@code idle_timeout} (seconds), {@code quota_bytes}.
 * Runs with the defaults when there is no configuration; an empty {@code dest_dir} means the default.
 *
 * <p>A configuration update takes effect without a restart: a new receiver on the new store
 * registers for log streams on the engine the previous one registered on, so streams opened from
 * then on use the new settings; streams already open finish where they started. An update with an
 * invalid value is refused with one error line naming the key and the value, and the last good
 * configuration stays in force. An invalid configuration at activation fails the activation.
 *
 * <p>Events and updates are serialised on this object's lock, so a re-registration never races a
 * registration from the host's event thread.
 */
@Component(configurationPid = JobLogReceiverComponent.PID, service = Widget.class, immediate = true,
        property = "jobtail.process=server")
@Designate(ocd = JobLogReceiverComponent.Config.class)
public final class JobLogReceiverComponent implements Widget {
    public static final String PID = JobLogReceiver.TYPE;

    /** The keys and defaults of {@link JobLogReceiverFactory}. */
    @ObjectClassDefinition(name = "Jobtail job log receiver",
            description = "Receives job log streams and stores them as <dest_dir>/<job_id>/<site>/<file>.")
    public @interface Config {
        @AttributeDefinition(required = false,
                description = "The store's root directory, an absolute path (default <java.io.tmpdir>/jobtail-store).")
        String dest__dir() default "";

        @AttributeDefinition(description = "Seconds without any message before a stream is closed; 0 disables.")
        double idle__timeout() default 30;

        @AttributeDefinition(description = "The most bytes stored per log; the rest of a longer log is refused.")
        long quota__bytes() default 1L << 30;
    }

    private static final Logger DEFAULT_LOG = LoggerFactory.getLogger(JobLogReceiverComponent.class);

    private final Logger log;
    /** Guarded by {@code this}. */
    private JobLogReceiver receiver;
    /** The context the receiver last registered in, to register a replacement there; guarded by {@code this}. */
    private JobContext registeredIn;

    public JobLogReceiverComponent() {
        this(DEFAULT_LOG);
    }

    /** With another logger: tests assert on what is logged. */
    JobLogReceiverComponent(Logger log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param properties the raw configuration, to name a value the typed view cannot convert
     * @throws IllegalArgumentException naming the key and the value when the configuration is invalid
     */
    @Activate
    synchronized void activate(Config config, Map<String, Object> properties) {
        receiver = receiverOf(config, properties);
        log.info("{}: active, storing into {}", PID, receiver.store().root());
    }

    /**
     * Takes the receiver's handler off the engine (unless a successor replaced it), so a stopped
     * bundle's code is never called again; streams already open end into its store.
     */
    @Deactivate
    synchronized void deactivate() {
        if (receiver != null) {
            receiver.unregister();
            log.info("{}: inactive; logs received so far stay in {}", PID, receiver.store().root());
        }
    }

    /** Applies a valid configuration, or logs why it is refused and keeps the one in force. */
    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        JobLogReceiver next;
        try {
            next = receiverOf(config, properties);
        } catch (IllegalArgumentException e) {
            log.error("{}: configuration refused, {}; still storing into {}", PID, e.getMessage(),
                    receiver.store().root());
            return;
        }
        JobLogReceiver previous = receiver;
        receiver = next;
        if (registeredIn != null) {
            next.handleEvent(EventType.SYSTEM_START.name(), registeredIn);
        }
        previous.unregister(); // replaced above if the new one registered; else it must not keep receiving

        log.info("{}: reconfigured, storing new streams into {}", PID, next.store().root());
    }

    static JobLogReceiver receiverOf(Config config, Map<String, Object> properties) {
        Map<String, Object> args = new LinkedHashMap<>();
        String dest = (String) typed(JobLogReceiverFactory.DEST_DIR, config::dest__dir, properties);
        if (dest != null && !dest.isBlank()) {
            args.put(JobLogReceiverFactory.DEST_DIR, dest.trim());
        }
        args.put(JobLogReceiverFactory.IDLE_TIMEOUT, typed(JobLogReceiverFactory.IDLE_TIMEOUT, config::idle__timeout, properties));
        args.put(JobLogReceiverFactory.QUOTA_BYTES, typed(JobLogReceiverFactory.QUOTA_BYTES, config::quota__bytes, properties));
        return (JobLogReceiver) new JobLogReceiverFactory().create(args);
    }

    /** Reads one typed value; SCR's typed view throws when the raw value does not convert. */
    private static Object typed(String key, Supplier<?> accessor, Map<String, Object> properties) {
        try {
            return accessor.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("JobLogReceiver: argument " + key + " = \"" + properties.get(key)
                    + "\" is not of the right type (" + e.getMessage() + ")", e);
        }
    }

    /** The receiver in force. */
    synchronized JobLogReceiver receiver() {
        return receiver;
    }

    @Override
    public synchronized void handleEvent(String type, JobContext ctx) {
        if (EventType.SYSTEM_START.is(type) || EventType.ABOUT_TO_START_RUN.is(type) || EventType.START_RUN.is(type)) {
            registeredIn = ctx;
        }
        receiver.handleEvent(type, ctx);
    }

    @Override
    public synchronized String toString() {
        return "JobLogReceiverComponent[" + (receiver == null ? "inactive" : receiver.store().root()) + "]";
    }
}
