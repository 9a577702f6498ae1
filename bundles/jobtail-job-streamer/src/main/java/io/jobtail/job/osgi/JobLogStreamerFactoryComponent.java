package io.jobtail.job.osgi;

import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Widget;
import io.jobtail.job.JobLogStreamer;
import io.jobtail.job.JobLogStreamerFactory;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Offers {@link JobLogStreamerFactory} as a {@link ComponentFactory} service with the property
 * {@value #TYPE_PROPERTY}{@code =}{@value JobLogStreamer#TYPE}, so an OSGi host picks the factory
 * for a config entry by service filter instead of loading every factory. Stateless, like the
 * factory it delegates to.
 */
@Component(service = ComponentFactory.class, property = JobLogStreamerFactoryComponent.TYPE_PROPERTY + "=" + JobLogStreamer.TYPE)
public final class JobLogStreamerFactoryComponent implements ComponentFactory {
    /** The service property naming the {@code path} a factory answers to. */
    public static final String TYPE_PROPERTY = "jobtail.component.type";

    private final JobLogStreamerFactory factory = new JobLogStreamerFactory();

    @Override
    public String type() {
        return factory.type();
    }

    @Override
    public Widget create(Map<String, Object> args) {
        return factory.create(args);
    }
}
