/**
 * Implementation of the HTTP transport, not exported: the wire format, authentication, routing,
 * the message endpoint and the per-server I/O deadlines.
 */
package io.jobtail.transport.http.internal;
