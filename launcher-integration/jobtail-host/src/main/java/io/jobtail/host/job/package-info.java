/**
 * The job process: {@link io.jobtail.host.job.JobRunner} sets up the job's logging (logback, chosen
 * with {@code slf4j.provider} because the class path may hold other SLF4J providers), loads the
 * deployed config's components, fires the run's events and runs the work.
 */
package io.jobtail.host.job;
