package io.jobtail.agent;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JVM's shutdown work other than the caller's: the threads a shutdown hook should outlast so
 * that what they log is still streamed.
 *
 * <p>A hook cannot order itself after the others (the JVM starts them all at once, in no set
 * order), so {@link #awaitOthers} polls: it returns once every live non-daemon thread other than
 * the caller and the thread that started the shutdown has ended — other shutdown hooks, and any
 * non-daemon thread the job left running when it called {@code System.exit} — or once
 * {@code limit} has passed, whichever comes first. Daemon threads are never waited for: the JVM
 * does not wait for them either. Stateless; call from a shutdown hook.
 */
final class ShutdownWork {
    private static final long POLL_MILLIS = 10;

    private final Supplier<Map<Thread, StackTraceElement[]>> threads;

    ShutdownWork(Supplier<Map<Thread, StackTraceElement[]>> threads) {
        this.threads = threads;
    }

    /** Over the live threads of this JVM. */
    static ShutdownWork ofThisJvm() {
        return new ShutdownWork(Thread::getAllStackTraces);
    }

    /**
     * Blocks until the other shutdown work has ended or {@code limit} has passed.
     *
     * @return true if it ended, false if the limit was reached first
     */
    boolean awaitOthers(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (othersRunning()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    boolean othersRunning() {
        Thread self = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> e : threads.get().entrySet()) {
            Thread t = e.getKey();
            if (t != self && t.isAlive() && !t.isDaemon() && !startedShutdown(t, e.getValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The thread that runs the shutdown (the one in {@code System.exit}, a signal handler, or the
     * launcher's {@code DestroyJavaVM} after {@code main} returned) waits for the hooks: waiting for
     * it would wait for ourselves.
     */
    private static boolean startedShutdown(Thread t, StackTraceElement[] stack) {
        if ("DestroyJavaVM".equals(t.getName())) {
            return true;
        }
        for (StackTraceElement frame : stack) {
            if ("java.lang.Shutdown".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
