/**
 * {@link io.jobtail.site.SiteLogStreamer} as a Declarative Services component: a
 * {@link io.jobtail.api.Widget} service configured through Config Admin. Not exported.
 */
package io.jobtail.site.osgi;
