package io.jobtail.agent;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JVM's shutdown work other than the caller's: the threads a shutdown hook should outlast so
 * that what they log is still streamed.
 *
 * <p>A hook cannot order itself after the others (the JVM starts them one after another, in no
 * set order), so {@link #awaitOthers} polls. First it waits until the thread running the shutdown
 * has started every hook — it is then inside {@code Thread.join} in
 * {@code ApplicationShutdownHooks.runHooks}; before that, a hook not yet started is invisible and
 * the check below would pass too early. Then it waits until every live non-daemon thread other
 * than the caller and that thread has ended — other shutdown hooks, and any non-daemon thread the
 * job left running when it called {@code System.exit}. Both waits together end at {@code limit}.
 * Daemon threads are never waited for: the JVM does not wait for them either. Stateless; call from
 * a shutdown hook.
 */
final class ShutdownWork {
    private static final long POLL_MILLIS = 10;
    private static final String HOOKS_CLASS = "java.lang.ApplicationShutdownHooks";

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
        while (!allHooksStarted() || othersRunning()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Whether the JVM has started every shutdown hook: the thread in
     * {@code ApplicationShutdownHooks.runHooks} has moved on to joining them. True as well when no
     * thread runs hooks that way (another JVM's shutdown), so the wait never depends on it alone.
     */
    boolean allHooksStarted() {
        for (StackTraceElement[] stack : threads.get().values()) {
            for (int i = 0; i < stack.length; i++) {
                if (HOOKS_CLASS.equals(stack[i].getClassName()) && "runHooks".equals(stack[i].getMethodName())) {
                    for (int j = 0; j < i; j++) {
                        if (Thread.class.getName().equals(stack[j].getClassName()) && "join".equals(stack[j].getMethodName())) {
                            return true;
                        }
                    }
                    return false;
                }
            }
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
