package io.jobtail.api;

import java.util.Map;

/**
 * Creates a job component from its entry in a job config:
 * {@code {"id": "...", "path": "<type>", "args": {...}}}.
 *
 * <p>Hosts find factories through {@link java.util.ServiceLoader} or as OSGi services and pick the
 * one whose {@link #type()} equals the entry's {@code path}. Implementations are stateless and
 * thread-safe.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ComponentFactory {

    /** The {@code path} value this factory answers to, e.g. {@code io.jobtail.job.JobLogStreamer}. */
    String type();

    /**
     * Creates a new component.
     *
     * @param args the entry's {@code args} object as parsed JSON (numbers, strings, booleans,
     *     lists, maps); never null
     * @throws IllegalArgumentException naming the argument and the bad value
     */
    Widget create(Map<String, Object> args);
}
