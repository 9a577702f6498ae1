package io.jobtail.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the agent's shutdown hook may consider the job's own shutdown work done. */
class ShutdownWorkTest {
    private static final Thread STARTER = new Thread("main");

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    @Test
    void hooksAreNotAllStartedWhileTheShutdownThreadIsStillStartingThem() {
        StackTraceElement[] starting = {frame("java.lang.Thread", "start"),
            frame("java.lang.ApplicationShutdownHooks", "runHooks"), frame("java.lang.Shutdown", "exit")};
        assertFalse(new ShutdownWork(() -> Map.of(STARTER, starting)).allHooksStarted());
    }

    @Test
    void hooksAreAllStartedOnceTheShutdownThreadJoinsThem() {
        StackTraceElement[] joining = {frame("java.lang.Object", "wait"), frame("java.lang.Thread", "join"),
            frame("java.lang.ApplicationShutdownHooks", "runHooks"), frame("java.lang.Shutdown", "exit")};
        assertTrue(new ShutdownWork(() -> Map.of(STARTER, joining)).allHooksStarted());
    }

    @Test
    void withoutAThreadRunningHooksTheWaitDoesNotDependOnIt() {
        StackTraceElement[] working = {frame("com.example.Job", "main")};
        assertTrue(new ShutdownWork(() -> Map.of(STARTER, working)).allHooksStarted());
    }
}
