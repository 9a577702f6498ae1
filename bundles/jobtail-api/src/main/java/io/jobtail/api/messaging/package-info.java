/**
 * The one transport primitive a host supplies: request/reply between named processes, with the
 * sender's authenticated identity handed to every handler by the transport.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.jobtail.api.messaging;
