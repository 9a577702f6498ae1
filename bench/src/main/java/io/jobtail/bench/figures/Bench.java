package io.jobtail.bench.figures;

import io.jobtail.bench.system.Build;
import io.jobtail.bench.system.ServerProcess;
import java.nio.file.Path;
import java.util.List;

/**
 * What every figure of one run shares: the sizes, the work directory, the servers the latency,
 * throughput and overhead figures stream into (one per build, index-aligned with {@link #builds}),
 * the sender's chunk size, extra JVM options for every server started, the builds to compare (the
 * checkout's first; the latency, throughput and scale figures run each of them interleaved, the
 * others only the checkout's), and the report.
 */
record Bench(Sizes sizes, Path work, List<ServerProcess> servers, int chunkSize, List<String> serverOptions,
        List<Build> builds, Report report) {
    /** The site the single-site figures send as. */
    static final String SITE = "site-1";

    /** The checkout's server. */
    ServerProcess server() {
        return servers.get(0);
    }
}
