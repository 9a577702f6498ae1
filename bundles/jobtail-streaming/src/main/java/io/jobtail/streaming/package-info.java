/**
 * Log streaming: {@link io.jobtail.streaming.LogStreamer} sends a growing log file and registers
 * receivers; {@link io.jobtail.streaming.LogStreamOptions} holds the sender's checked parameters.
 * The tailing producer, the offset protocol engine, the receiving consumer with its idle watchdog,
 * and an in-memory messenger live in the sub-packages.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.1.0")
package io.jobtail.streaming;
