/**
 * The reference launcher's server and site runtimes as Declarative Services components, for Felix
 * and Karaf. Each needs its configuration ({@value ServerRuntimeComponent#PID},
 * {@value SiteRuntimeComponent#PID}) and picks up {@link io.jobtail.api.Widget} services as they
 * come and go (whiteboard). Not exported: nothing but SCR uses these classes.
 */
package io.jobtail.host.osgi;
