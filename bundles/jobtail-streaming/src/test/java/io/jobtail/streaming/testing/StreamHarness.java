package io.jobtail.streaming.testing;

import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.log.IdleWatchdog;
import io.jobtail.streaming.memory.InMemoryMessenger;
import io.jobtail.streaming.memory.InMemoryNetwork;
import io.jobtail.streaming.runner.RetryPolicy;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.streaming.tail.FileWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A server and a site on an in-memory network, all on {@link FakeTime}: the site streams files,
 * the server keeps them in a {@link MemoryLogHandler}. Everything runs on the test's thread.
 */
public final class StreamHarness {
    public final FakeTime time = new FakeTime();
    public final InMemoryNetwork network = InMemoryNetwork.withServerAliases();
    public final InMemoryMessenger serverMessenger = network.join(Destination.SERVER, "server");
    public final InMemoryMessenger siteMessenger = network.join("site-1", "site-1");
    public final IdleWatchdog watchdog = new IdleWatchdog(time, time, Duration.ofSeconds(1));
    public final MemoryLogHandler received = new MemoryLogHandler();
    public StreamRunner server = newRunner(serverMessenger);
    public final StreamRunner site = newRunner(siteMessenger);
    public final Path workspace;

    public StreamHarness(Path workspace) {
        this.workspace = workspace;
    }

    public StreamRunner newRunner(InMemoryMessenger messenger) {
        return new StreamRunner(messenger, time, time, RetryPolicy.DEFAULT, Duration.ofSeconds(5));
    }

    /** Registers the memory receiver on the server with this idle timeout. */
    public void registerReceiver(Duration idleTimeout) {
        LogStreamer.registerStreamProcessing(server, received, idleTimeout, watchdog);
    }

    /** Replaces the server's runner by a fresh one, as a restart does (the handler's data stays, like a disk). */
    public void restartServer(Duration idleTimeout) {
        serverMessenger.clearHandlers();
        server = newRunner(serverMessenger);
        registerReceiver(idleTimeout);
    }

    public JobContext jobContext() {
        return JobContext.builder()
                .jobId("job-1")
                .identityName("site-1")
                .processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(workspace))
                .engine(site)
                .build();
    }

    /** Options on fake time, polling instead of file-system events, small chunks. */
    public LogStreamOptions.Builder options() {
        return LogStreamOptions.builder()
                .ticker(time)
                .sleeper(time)
                .fileWatcher(FileWatcher.polling(time))
                .chunkSize(64);
    }

    public StreamResult stream(Path file, Signal stop) throws InterruptedException {
        return stream(file, StreamMode.LIVE, options().build(), stop);
    }

    public StreamResult stream(Path file, StreamMode mode, LogStreamOptions options, Signal stop) throws InterruptedException {
        return LogStreamer.streamLog(jobContext(), Destination.SERVER_PARENT, file, mode, Map.of(), options, stop);
    }

    public byte[] receivedBytes(String file) {
        return received.bytes("site-1", "job-1", file);
    }
}
