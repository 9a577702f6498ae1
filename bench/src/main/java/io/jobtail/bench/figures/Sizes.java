package io.jobtail.bench.figures;

import java.time.Duration;

/**
 * How big each figure is: {@link #QUICK} for iteration (a few minutes), {@link #FULL} for the
 * issue's figures. Immutable.
 */
public record Sizes(String name, Duration latencyWarmup, Duration latencyRun, long throughputBytes,
        int idleStreams, Duration overheadRun, Duration idleRun, int scaleStreams, double scaleLinesPerStreamPerSecond,
        Duration scaleWarmup, Duration scaleRun) {

    public static final Sizes QUICK = new Sizes("quick", Duration.ofSeconds(2), Duration.ofSeconds(8), 256L << 20,
            50, Duration.ofSeconds(10), Duration.ofSeconds(20), 200, 2, Duration.ofSeconds(5), Duration.ofSeconds(15));

    /**
     * The sizes. The scale figure warms up for 60 s: with 15 s, every line slower than
     * 50 ms came in the first 30 s of the measured window, while the four sender JVMs' C2 compilers
     * still took half a core (BENCHMARKS.md, session 5); a streamer lives as long as its job.
     */
    public static final Sizes FULL = new Sizes("full", Duration.ofSeconds(5), Duration.ofSeconds(30), 1L << 30,
            200, Duration.ofSeconds(30), Duration.ofSeconds(60), 1000, 2, Duration.ofSeconds(60), Duration.ofSeconds(60));

    /** These sizes with {@code streams} concurrent streams in the scale figure. */
    public Sizes withScaleStreams(int streams) {
        if (streams < ScaleFigure.SITES) {
            throw new IllegalArgumentException("the scale figure needs at least " + ScaleFigure.SITES + " streams, not " + streams);
        }
        return new Sizes(name, latencyWarmup, latencyRun, throughputBytes, idleStreams, overheadRun, idleRun, streams,
                scaleLinesPerStreamPerSecond, scaleWarmup, scaleRun);
    }
}
