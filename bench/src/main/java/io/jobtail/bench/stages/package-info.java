/**
 * Where one line's latency goes: the whole path (file event, read-ahead, HTTP transport, server
 * engine, receiver, store) in one JVM, with timing decorators at each hand-off. Bench code only;
 * production code carries no instrumentation.
 */
package io.jobtail.bench.stages;
