/**
 * The receiving side of log streams: a {@link io.jobtail.streaming.log.LogChunkHandler} (what a
 * receiver such as {@code JobLogReceiver} implements) behind a consumer that filters heartbeats,
 * runs the done callback exactly once per stream, and closes idle streams through one shared
 * {@link io.jobtail.streaming.log.IdleWatchdog}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.jobtail.streaming.log;
