package io.jobtail.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.Widget;
import io.jobtail.api.streaming.ConsumerFactory;
import io.jobtail.host.Widgets;
import io.jobtail.transport.http.SiteTokens;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ServerRuntime#start} that fails after it bound its port gives back everything it
 * started: nothing listens on the port, no non-daemon thread of it runs (one would keep a plain JVM
 * alive for ever), no stream registration is left, and no {@code server.url} announces it.
 */
class ServerRuntimeStartFailureTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private Path ws;
    private Path tokens;

    @BeforeEach
    void provision() throws IOException {
        SiteTokens.provision(List.of("site-1"), dir.resolve("provision"));
        tokens = dir.resolve("provision").resolve(SiteTokens.SERVER_DIR).resolve(SiteTokens.TOKENS_FILE);
        ws = dir.resolve("ws");
    }

    /** Registers for a log stream on SYSTEM_START, as the log receiver does, and keeps the engine to ask it later. */
    static final class StreamRegistrar implements Widget {
        final ConsumerFactory factory = ctx -> {
            throw new AssertionError("no stream was expected");
        };
        JobContext started;

        @Override
        public void handleEvent(String type, JobContext ctx) {
            if (EventType.SYSTEM_START.is(type)) {
                started = ctx;
                ctx.engine().registerStreamProcessing("log_streaming", "job_log", factory, null);
            }
        }

        /** Whether the registration made on SYSTEM_START is still in force (and removes it if so). */
        boolean stillRegistered() {
            return started.engine().unregisterStreamProcessing("log_streaming", "job_log", factory);
        }
    }

    /** What the JVM throws at a widget whose class needs a library missing from the class path. */
    static final class MissingDependency implements Widget {
        final NoClassDefFoundError error = new NoClassDefFoundError("org/example/MissingLibrary");

        @Override
        public void handleEvent(String type, JobContext ctx) {
            throw error;
        }
    }

    @Test
    void aWidgetFailingWithAnErrorOnStartLeavesNoPortNoThreadAndNoStreamRegistration() throws Exception {
        int port = freePort();
        Set<Thread> before = liveNonDaemonThreads();
        StreamRegistrar registrar = new StreamRegistrar();
        MissingDependency broken = new MissingDependency();

        NoClassDefFoundError thrown = assertThrows(NoClassDefFoundError.class,
                () -> ServerRuntime.start(ws, tokens, port, new Widgets(List.of(registrar, broken))));

        assertSame(broken.error, thrown, "the widget's own error is what start throws");
        assertNothingListensOn(port);
        assertEquals(List.of(), namesOfThreadsStartedSince(before), "non-daemon threads left running by the failed start");
        assertFalse(registrar.stillRegistered(), "the stream registration made on SYSTEM_START was left in force");
        assertFalse(Files.exists(ws.resolve(ServerRuntime.URL_FILE)), "a failed start announced a URL");
    }

    @Test
    void aServerUrlThatCannotBeWrittenFailsTheStartAndLeavesNoPort() throws Exception {
        Files.createDirectories(ws.resolve(ServerRuntime.URL_FILE).resolve("in-the-way"));
        int port = freePort();
        Set<Thread> before = liveNonDaemonThreads();

        FileSystemException thrown = assertThrows(FileSystemException.class,
                () -> ServerRuntime.start(ws, tokens, port, Widgets.live()));

        assertTrue(thrown.getMessage().contains(ServerRuntime.URL_FILE), thrown.getMessage());
        assertNothingListensOn(port);
        assertEquals(List.of(), namesOfThreadsStartedSince(before), "non-daemon threads left running by the failed start");
    }

    /** A port free a moment ago: the test needs to know the port a failed start had bound. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        }
    }

    private static void assertNothingListensOn(int port) throws IOException {
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close(),
                "something still accepts connections on " + LOOPBACK.getHostAddress() + ":" + port);
        try (ServerSocket again = new ServerSocket(port, 1, LOOPBACK)) {
            assertEquals(port, again.getLocalPort());
        }
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static List<String> namesOfThreadsStartedSince(Set<Thread> before) {
        return liveNonDaemonThreads().stream().filter(t -> !before.contains(t)).map(Thread::getName).sorted()
                .collect(Collectors.toList());
    }
}
