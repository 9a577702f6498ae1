/**
 * {@link io.jobtail.job.JobLogStreamer}'s factory as a Declarative Services component, for job
 * processes that are OSGi frameworks. Not exported. Plain JVMs find the same factory through
 * {@code META-INF/services}.
 */
package io.jobtail.job.osgi;
