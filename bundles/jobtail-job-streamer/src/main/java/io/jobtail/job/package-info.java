/**
 * {@link io.jobtail.job.JobLogStreamer}: the widget that runs inside a job process and streams the
 * job's log to the server while the job runs, stopping in two phases so that lines written during
 * shutdown still arrive. {@link io.jobtail.job.JobLogStreamerFactory} creates it from a job config
 * entry, confined to the job's directory. Hosts that are not launchers and run with the operator's
 * arguments (the java agent, the {@code jobtail stream} sidecar) use
 * {@link io.jobtail.job.JobLogSession}, which streams the log at the path they name and fires the
 * run's events itself. Not exported: OSGi hosts reach the streamer through
 * {@link io.jobtail.api.ComponentFactory}; plain JVM hosts may also use the classes directly.
 */
package io.jobtail.job;
