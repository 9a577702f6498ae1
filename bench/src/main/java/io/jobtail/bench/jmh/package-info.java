/**
 * JMH benchmarks of the hot paths: reading a chunk from a log, appending a chunk on the server
 * (store alone, and behind the stream engine and receiver), and one HTTP message round trip.
 */
package io.jobtail.bench.jmh;
