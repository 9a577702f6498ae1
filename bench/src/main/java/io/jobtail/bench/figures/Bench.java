package io.jobtail.bench.figures;

import io.jobtail.bench.system.ServerProcess;
import java.nio.file.Path;

/**
 * What every figure of one run shares: the sizes, the work directory, the server the latency,
 * throughput and overhead figures stream into, the sender's chunk size and the report.
 */
record Bench(Sizes sizes, Path work, ServerProcess server, int chunkSize, Report report) {
    /** The site the single-site figures send as. */
    static final String SITE = "site-1";
}
