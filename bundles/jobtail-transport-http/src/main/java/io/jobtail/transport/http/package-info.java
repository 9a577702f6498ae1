/**
 * The reference HTTP(S) transport: {@link io.jobtail.transport.http.HttpMessenger} sends a site's
 * requests, {@link io.jobtail.transport.http.HttpMessageServer} receives them on the server and is
 * the server process's own {@link io.jobtail.api.messaging.Messenger}; {@link
 * io.jobtail.transport.http.SiteTokens} issues and checks the per-site bearer tokens. The wire
 * format and status mapping are described in the module's {@code TRANSPORT.md}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.jobtail.transport.http;
