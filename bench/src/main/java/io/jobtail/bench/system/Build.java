package io.jobtail.bench.system;

import java.util.Objects;

/**
 * Which build of Jobtail a server or sender process runs: its name in the report and its class
 * path. {@link #checkout()} is the build under test (this JVM's class path); a second build
 * ({@code bench/run --before-jar}) runs the latency, throughput and scale figures interleaved with it, so a change is
 * measured against what it replaces under the same machine load. Immutable.
 */
public record Build(String name, String classPath) {
    public Build {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classPath, "classPath");
    }

    /** This checkout's build: the class path this JVM runs on. */
    public static Build checkout() {
        return new Build("Jobtail", System.getProperty("java.class.path"));
    }
}
