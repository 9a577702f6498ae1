package io.jobtail.streaming.testing;

import io.jobtail.streaming.time.Scheduler;
import io.jobtail.streaming.time.Sleeper;
import io.jobtail.streaming.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Time that moves only when told: a {@link Ticker}, a {@link Sleeper} whose sleeps advance the
 * clock at once, and a {@link Scheduler} whose periodic tasks run as the clock passes their time.
 *
 * <p>Tests script what happens "while" code sleeps with {@link #onSleep}: the hook runs after
 * every sleep, on the sleeping thread, so a single-threaded test is deterministic.
 */
public final class FakeTime implements Ticker, Sleeper, Scheduler {
    private long nanos = 1_000_000_000L;
    private final List<Periodic> tasks = new ArrayList<>();
    private Runnable onSleep = () -> { };
    private long sleeps;

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
        synchronized (this) {
            sleeps++;
        }
        onSleep.run();
    }

    /** Runs {@code hook} after every sleep (replacing the previous hook). */
    public void onSleep(Runnable hook) {
        this.onSleep = hook;
    }

    /** How many times something slept. */
    public synchronized long sleeps() {
        return sleeps;
    }

    /** Moves the clock forward, running every periodic task whose time comes, in time order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Periodic next = null;
            synchronized (this) {
                for (Periodic p : tasks) {
                    if (!p.cancelled && p.due <= target && (next == null || p.due < next.due)) {
                        next = p;
                    }
                }
                if (next == null) {
                    nanos = target;
                    return;
                }
                nanos = Math.max(nanos, next.due);
                next.due += next.period;
            }
            next.task.run();
        }
    }

    @Override
    public synchronized Runnable scheduleAtFixedRate(Runnable task, Duration period) {
        Periodic p = new Periodic(task, period.toNanos(), nanos + period.toNanos());
        tasks.add(p);
        return () -> {
            synchronized (FakeTime.this) {
                p.cancelled = true;
                tasks.remove(p);
            }
        };
    }

    /** How many periodic tasks are scheduled. */
    public synchronized int scheduledTasks() {
        return tasks.size();
    }

    private static final class Periodic {
        final Runnable task;
        final long period;
        long due;
        boolean cancelled;

        Periodic(Runnable task, long period, long due) {
            this.task = task;
            this.period = period;
            this.due = due;
        }
    }
}
