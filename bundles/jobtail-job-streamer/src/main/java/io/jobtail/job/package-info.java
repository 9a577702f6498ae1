/**
 * {@link io.jobtail.job.JobLogStreamer}: the widget that runs inside a job process and streams the
 * job's log to the server while the job runs, stopping in two phases so that lines written during
 * shutdown still arrive. {@link io.jobtail.job.JobLogStreamerFactory} creates it from a job
 * config entry. Not exported: hosts reach it through {@link io.jobtail.api.ComponentFactory}.
 */
package io.jobtail.job;
