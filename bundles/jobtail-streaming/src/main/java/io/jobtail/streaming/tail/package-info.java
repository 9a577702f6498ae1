/**
 * Tailing a growing log file: {@link io.jobtail.streaming.tail.LogTailProducer} reads it in chunks,
 * follows rotation and truncation without losing unread bytes, and learns of new data from a
 * {@link io.jobtail.streaming.tail.FileWatcher} (file-system events, or polling as the fallback).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.jobtail.streaming.tail;
