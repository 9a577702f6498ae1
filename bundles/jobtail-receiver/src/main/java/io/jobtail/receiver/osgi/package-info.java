/**
 * {@link io.jobtail.receiver.JobLogReceiver} as a Declarative Services component: a
 * {@link io.jobtail.api.Widget} service configured through Config Admin. Not exported.
 */
package io.jobtail.receiver.osgi;
