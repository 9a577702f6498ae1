/**
 * Benchmarks of Jobtail against a {@code tail -F | socat} baseline: latency, throughput, overhead
 * and scale end to end over loopback with a real server process and real senders, and JMH
 * benchmarks of the hot paths. Run by {@code bench/run}; nothing here runs during the build.
 */
package io.jobtail.bench;
