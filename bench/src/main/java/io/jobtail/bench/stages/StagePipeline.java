package io.jobtail.bench.stages;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.bench.measure.TimedLine;
import io.jobtail.receiver.JobLogReceiverFactory;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.runner.StreamRunner;
import io.jobtail.transport.http.HttpMessageServer;
import io.jobtail.transport.http.HttpMessenger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole streaming path in this JVM, as in production but with {@link StageTimes} taken at each
 * hand-off: a {@link LogStreamer} tails {@code <dir>/site/log.txt} on its own thread through a
 * {@link StreamRunner} (with read-ahead) over an {@link HttpMessenger}, into an
 * {@link HttpMessageServer} on loopback whose {@link StreamRunner} feeds the real log receiver and
 * store. {@link #close()} ends the stream (it drains) and stops the server.
 */
public final class StagePipeline implements AutoCloseable {
    private static final String SITE = "site-1";
    private static final String JOB = "stages";
    private static final String TOKEN = "stages-token";

    private final Path log;
    private final Path copy;
    private final HttpMessageServer server;
    private final StreamRunner serverEngine;
    private final Signal stop = new Signal();
    private final Thread streamer;

    public StagePipeline(Path dir, StageTimes times) throws IOException {
        log = dir.resolve("site").resolve("log.txt");
        copy = dir.resolve("store").resolve(JOB).resolve(SITE).resolve("log.txt");
        Files.createDirectories(log.getParent());
        Files.write(log, new byte[0]);
        server = HttpMessageServer.builder().tokens(t -> TOKEN.equals(t) ? Optional.of(SITE) : Optional.empty()).start();
        serverEngine = new StreamRunner(new TimedMessenger(server, times));
        Widget receiver = new JobLogReceiverFactory().create(Map.of(JobLogReceiverFactory.DEST_DIR, dir.resolve("store").toAbsolutePath().toString(),
                JobLogReceiverFactory.QUOTA_BYTES, Long.MAX_VALUE));
        receiver.handleEvent(EventType.SYSTEM_START.name(), JobContext.builder().identityName("server")
                .processType(ProcessType.SERVER_PARENT).workspace(new Workspace(dir.resolve("server"))).engine(serverEngine).build());
        StreamRunner siteEngine = new StreamRunner(new TimedMessenger(HttpMessenger.builder(server.uri()).token(TOKEN).build(), times));
        JobContext job = JobContext.builder().jobId(JOB).identityName(SITE).processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(dir.resolve("site"))).engine(new TimedEngine(siteEngine, times)).build();
        streamer = new Thread(() -> {
            try {
                LogStreamer.streamLog(job, Destination.SERVER, log, StreamMode.LIVE, Map.of(), LogStreamOptions.defaults(), stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stages-streamer");
        streamer.setDaemon(true);
        streamer.start();
    }

    /** The log the pipeline tails. */
    public Path log() {
        return log;
    }

    /** The server's copy of it. */
    public Path copy() {
        return copy;
    }

    /** Reads the log back and records each line's write time (the time embedded in it) as {@link StageTimes.Stage#WRITTEN}. */
    public static void recordWrites(Path log, StageTimes times) throws IOException {
        byte[] all = Files.readAllBytes(log);
        for (int line = 0; (line + 1) * TimedLine.LENGTH <= all.length; line++) {
            long nanos = TimedLine.nanosOf(all, line * TimedLine.LENGTH, (line + 1) * TimedLine.LENGTH - 1);
            if (nanos != -1) {
                times.written(line, nanos);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.trigger();
        streamer.join(30_000);
        if (streamer.isAlive()) {
            streamer.interrupt();
        }
        serverEngine.shutdownStreamer();
        server.close();
    }
}
