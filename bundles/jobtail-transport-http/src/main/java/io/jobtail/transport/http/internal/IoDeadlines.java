package io.jobtail.transport.http.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a server worker may block on a client's socket, per server.
 *
 * <p>Why this works: the JDK server runs each request (reading its line and headers, then our
 * handler) as one task on its executor, with the connection's {@code SocketChannel} in blocking
 * mode. Blocking channel I/O is interruptible: interrupting the worker closes the channel and
 * the read fails. So {@link #wrap} arms a deadline when a task starts; the handler
 * {@linkplain Deadline#disarm() disarms} it while application code runs and re-arms it while
 * writing the reply. A client that trickles its headers or body (slowloris) or stops reading the
 * reply loses its connection instead of holding a worker forever. The JDK's own knob for this,
 * {@code sun.net.httpserver.maxReqTime}, is JVM-wide and also counts handler time.
 *
 * <p>One scheduler thread serves every deadline of a server. Thread-safe.
 */
public final class IoDeadlines {
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;

    /** @param scheduler fires the deadlines; not owned */
    public IoDeadlines(ScheduledExecutorService scheduler, Duration timeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** An executor that runs each task of {@code delegate} under an armed deadline. */
    public Executor wrap(Executor delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return task -> delegate.execute(() -> {
            Deadline deadline = new Deadline(this, Thread.currentThread());
            CURRENT.set(deadline);
            deadline.arm();
            try {
                task.run();
            } finally {
                deadline.disarm();
                CURRENT.remove();
                // A deadline that fired as the task ended must not leak into the worker's next task.
                Thread.interrupted();
            }
        });
    }

    /** The deadline of the task running on this thread, or a no-op one outside a wrapped task. */
    public static Deadline current() {
        Deadline d = CURRENT.get();
        return d == null ? Deadline.NONE : d;
    }

    /** One worker's deadline. Used by that worker only; the scheduler thread only fires it. */
    public static final class Deadline {
        static final Deadline NONE = new Deadline(null, null);

        private final IoDeadlines owner;
        private final Thread worker;
        // Guarded by this: once disarm() returns, fire() can no longer interrupt the worker.
        private ScheduledFuture<?> pending;
        private boolean armed;

        private Deadline(IoDeadlines owner, Thread worker) {
            this.owner = owner;
            this.worker = worker;
        }

        /** Starts (or restarts) the countdown; the worker is interrupted when it runs out. */
        public synchronized void arm() {
            disarmLocked();
            if (owner == null) {
                return;
            }
            try {
                pending = owner.scheduler.schedule(this::fire, owner.timeout.toNanos(), TimeUnit.NANOSECONDS);
                armed = true;
            } catch (RejectedExecutionException e) {
                // The server is closing and closes every connection itself.
            }
        }

        /** Stops the countdown and clears an interrupt it may already have delivered. */
        public void disarm() {
            synchronized (this) {
                disarmLocked();
            }
            if (worker == Thread.currentThread()) {
                Thread.interrupted();
            }
        }

        private void disarmLocked() {
            armed = false;
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        private synchronized void fire() {
            if (armed) {
                armed = false;
                worker.interrupt();
            }
        }
    }
}
