/**
 * The site process's half of live log streaming: {@link io.jobtail.site.SiteLogStreamer} edits each
 * deployed job config at {@code BEFORE_JOB_LAUNCH} so the job process loads a {@code JobLogStreamer}
 * (or, when the site's kill switch is off, so it loads none).
 *
 * <p>{@link io.jobtail.site.SiteLogStreamerFactory} creates it from a config entry; plain JVM hosts
 * find the factory through {@link java.util.ServiceLoader}. Reading, editing and atomically
 * rewriting the job config live in the package-private {@code JobConfigFile} and
 * {@code FileReplacer}. Not exported: hosts reach these classes only through the
 * {@code io.jobtail.api} contract.
 */
package io.jobtail.site;
