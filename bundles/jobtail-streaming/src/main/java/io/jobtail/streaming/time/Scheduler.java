package io.jobtail.streaming.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs periodic tasks. One scheduler serves a whole process: a server with a thousand streams
 * runs all their idle checks on it, not a thread each.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Runs {@code task} every {@code period} until cancelled. A task must be quick and must not
     * throw; an exception is logged by the implementation and the task keeps running.
     *
     * @return cancels the task; idempotent
     */
    Runnable scheduleAtFixedRate(Runnable task, Duration period);

    /**
     * The process-wide scheduler: one daemon thread named {@code jobtail-scheduler}, created on
     * first use and never stopped (it holds no work once every task is cancelled).
     */
    static Scheduler shared() {
        return SharedScheduler.INSTANCE;
    }

    /** A scheduler backed by an executor the caller owns (and shuts down). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, period) -> {
            ScheduledFuture<?> f = executor.scheduleAtFixedRate(SharedScheduler.guarded(task),
                    period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}

/** Holder of the lazily created process-wide scheduler. */
final class SharedScheduler {
    private static final AtomicInteger THREADS = new AtomicInteger();
    static final Scheduler INSTANCE = Scheduler.of(Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jobtail-scheduler-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    }));

    private SharedScheduler() {
    }

    /** Keeps a periodic task alive when one run throws: a dead watchdog would leak streams. */
    static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Scheduler.class)
                        .error("Periodic task {} failed; it will run again at its next period", task, e);
            }
        };
    }
}
