package io.jobtail.streaming.log;

import io.jobtail.streaming.time.Scheduler;
import io.jobtail.streaming.time.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires a callback for every watched stream that has been silent for its idle timeout.
 *
 * <p>One watchdog serves a whole process: a single periodic check on the {@link Scheduler} scans
 * all watches (a thousand streams cost one short scan a second, not a thousand threads). The
 * check starts with the first watch and stops when none is left. Thread-safe; callbacks run on
 * the scheduler's thread, each at most once.
 */
public final class IdleWatchdog {
    /** The original's check period: at most a second late. */
    public static final Duration DEFAULT_CHECK_PERIOD = Duration.ofSeconds(1);

    private static volatile IdleWatchdog shared;

    private final Ticker ticker;
    private final Scheduler scheduler;
    private final Duration checkPeriod;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private Runnable cancelCheck;

    public IdleWatchdog(Ticker ticker, Scheduler scheduler, Duration checkPeriod) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (checkPeriod.isZero() || checkPeriod.isNegative()) {
            throw new IllegalArgumentException("checkPeriod must be positive: " + checkPeriod);
        }
        this.checkPeriod = checkPeriod;
    }

    /** The process-wide watchdog on system time and {@link Scheduler#shared()}. */
    public static IdleWatchdog shared() {
        IdleWatchdog w = shared;
        if (w == null) {
            synchronized (IdleWatchdog.class) {
                w = shared;
                if (w == null) {
                    shared = w = new IdleWatchdog(Ticker.system(), Scheduler.shared(), DEFAULT_CHECK_PERIOD);
                }
            }
        }
        return w;
    }

    /**
     * Starts watching: {@code onIdle} runs once if {@link Watch#touch()} is not called for
     * {@code idleTimeout}.
     */
    public Watch watch(Duration idleTimeout, Runnable onIdle) {
        Watch w = new Watch(idleTimeout.toNanos(), onIdle);
        watches.add(w);
        synchronized (this) {
            if (cancelCheck == null) {
                cancelCheck = scheduler.scheduleAtFixedRate(this::check, checkPeriod);
            }
        }
        return w;
    }

    /** How many streams are watched now. */
    public int size() {
        return watches.size();
    }

    /** Runs one check now; the scheduler calls this every check period. */
    public void check() {
        long now = ticker.nanos();
        for (Watch w : watches) {
            if (now - w.lastTouched >= w.timeoutNanos && w.fire()) {
                watches.remove(w);
            }
        }
        synchronized (this) {
            if (watches.isEmpty() && cancelCheck != null) {
                cancelCheck.run();
                cancelCheck = null;
            }
        }
    }

    /** One watched stream. Thread-safe. */
    public final class Watch {
        private final long timeoutNanos;
        private final Runnable onIdle;
        private volatile long lastTouched;
        private boolean done;

        private Watch(long timeoutNanos, Runnable onIdle) {
            this.timeoutNanos = timeoutNanos;
            this.onIdle = onIdle;
            this.lastTouched = ticker.nanos();
        }

        /** Resets the idle clock. */
        public void touch() {
            lastTouched = ticker.nanos();
        }

        /** Stops watching; idempotent. */
        public void cancel() {
            synchronized (this) {
                done = true;
            }
            watches.remove(this);
        }

        private boolean fire() {
            synchronized (this) {
                if (done) {
                    return true;
                }
                done = true;
            }
            onIdle.run();
            return true;
        }
    }
}
