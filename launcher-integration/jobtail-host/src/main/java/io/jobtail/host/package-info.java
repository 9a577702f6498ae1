/**
 * The reference launcher: a server, sites and job processes that talk HTTP, loading Jobtail's
 * components only through {@link io.jobtail.api.ComponentFactory} and {@link java.util.ServiceLoader}.
 *
 * <p>This package holds what all three processes share: loading widgets from a
 * {@code {"components": [...]}} document ({@link Components}), firing events to them
 * ({@link Widgets}) and writing files atomically ({@link AtomicFiles}).
 */
package io.jobtail.host;
