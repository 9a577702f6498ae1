/**
 * The host contract: what a job launcher provides to Jobtail and nothing more.
 *
 * <p>Lifecycle {@link io.jobtail.api.EventType events} are delivered to {@link io.jobtail.api.Widget
 * widgets} together with a {@link io.jobtail.api.JobContext}; the {@link io.jobtail.api.Workspace}
 * says where a job's files live; {@link io.jobtail.api.SiteSettings} carries the site's kill switch;
 * {@link io.jobtail.api.ComponentFactory} creates job components from their config entries.
 * Streaming and messaging SPIs live in the sub-packages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.jobtail.api;
