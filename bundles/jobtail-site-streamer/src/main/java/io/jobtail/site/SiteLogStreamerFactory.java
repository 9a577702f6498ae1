package io.jobtail.site;

import io.jobtail.api.ComponentFactory;
import java.util.Map;

/**
 * Creates {@link SiteLogStreamer}s from config entries whose {@code path} is
 * {@value SiteLogStreamer#TYPE}. Registered in {@code META-INF/services} so plain JVM hosts find it
 * through {@link java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class SiteLogStreamerFactory implements ComponentFactory {

    /** For ServiceLoader. */
    public SiteLogStreamerFactory() {
    }

    @Override
    public String type() {
        return SiteLogStreamer.TYPE;
    }

    /** @see SiteLogStreamer#fromArgs(Map) */
    @Override
    public SiteLogStreamer create(Map<String, Object> args) {
        return SiteLogStreamer.fromArgs(args);
    }
}
