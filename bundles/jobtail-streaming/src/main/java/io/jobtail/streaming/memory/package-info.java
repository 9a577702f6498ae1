/**
 * An in-process transport: {@link io.jobtail.streaming.memory.InMemoryNetwork} connects
 * {@link io.jobtail.streaming.memory.InMemoryMessenger}s by name, for single-process hosts and
 * tests, and can inject faults (failed requests, lost replies, delays, unregistered receivers).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.jobtail.streaming.memory;
