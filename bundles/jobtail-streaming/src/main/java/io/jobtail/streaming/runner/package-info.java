/**
 * The stream engine: {@link io.jobtail.streaming.runner.StreamRunner} implements
 * {@link io.jobtail.api.streaming.StreamableEngine} on any {@link io.jobtail.api.messaging.Messenger}
 * with the offset protocol described in {@link io.jobtail.streaming.runner.StreamProtocol}, and
 * retries transient failures as its {@link io.jobtail.streaming.runner.RetryPolicy} allows.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.jobtail.streaming.runner;
