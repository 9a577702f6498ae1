/**
 * The server process: the job registry, the work hand-out to sites, the query API and the
 * server's widgets (the log receiver) on one {@link io.jobtail.transport.http.HttpMessageServer}.
 */
package io.jobtail.host.server;
