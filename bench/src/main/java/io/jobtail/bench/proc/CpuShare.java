package io.jobtail.bench.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU a group of processes used between two moments, in cores (1.0 = one core busy the
 * whole time), with the share of their JIT compiler threads. Why: on a machine where the senders
 * run beside the server, a latency figure says little until it is known who had the cores.
 *
 * <p>Not thread-safe: one thread calls {@link #start} and then {@link #stop}. The JIT share only
 * counts compiler threads alive at both samples (the JVM may end idle ones meanwhile), so it is
 * a lower bound.
 */
public final class CpuShare {
    /** JIT compiler threads, as {@code /proc/<pid>/task/<tid>/comm} names them (15 characters at most). */
    static final List<String> JIT_THREADS = List.of("C2 CompilerThre", "C1 CompilerThre");

    private final List<Long> pids;
    private List<ProcessSample> first;
    private long startNanos;
    private double cpuSeconds = Double.NaN;
    private double cores = Double.NaN;
    private double jitCores = Double.NaN;

    public CpuShare(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    /** Takes the first sample now. */
    public void start() throws IOException {
        startNanos = System.nanoTime();
        first = sample();
    }

    /** Takes the second sample now and computes the share; call {@link #start} first. */
    public void stop() throws IOException {
        if (first == null) {
            throw new IllegalStateException("stop() before start()");
        }
        List<ProcessSample> last = sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long cpu = 0;
        long jit = 0;
        for (int i = 0; i < pids.size(); i++) {
            cpu += last.get(i).cpuNanos() - first.get(i).cpuNanos();
            for (String prefix : JIT_THREADS) {
                jit += last.get(i).cpuNanosByThreadPrefix().get(prefix) - first.get(i).cpuNanosByThreadPrefix().get(prefix);
            }
        }
        cpuSeconds = cpu / 1e9;
        cores = cpuSeconds / seconds;
        jitCores = Math.max(0, jit) / 1e9 / seconds;
    }

    /** CPU used, in seconds (user + system); NaN before {@link #stop}. */
    public double cpuSeconds() {
        return cpuSeconds;
    }

    /** CPU used, in cores; NaN before {@link #stop}. */
    public double cores() {
        return cores;
    }

    /** CPU used by the JIT compiler threads, in cores; NaN before {@link #stop}. */
    public double jitCores() {
        return jitCores;
    }

    private List<ProcessSample> sample() throws IOException {
        List<ProcessSample> samples = new ArrayList<>();
        for (long pid : pids) {
            samples.add(ProcessSample.of(pid, JIT_THREADS));
        }
        return samples;
    }
}
