/** What the end-to-end benchmarks measure with: latency samples, percentiles, the observer of copies. */
package io.jobtail.bench.measure;
