package io.jobtail.bench.jmh;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Widget;
import io.jobtail.api.Workspace;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamMode;
import io.jobtail.receiver.JobLogReceiverFactory;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.receiver.store.LogWriter;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.memory.InMemoryMessenger;
import io.jobtail.streaming.memory.InMemoryNetwork;
import io.jobtail.streaming.runner.StreamProtocol;
import io.jobtail.streaming.runner.StreamRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's append path for one chunk: the {@link LogStore}'s live writer alone
 * ({@code storeAppend}), and a DATA message through the stream engine, the idle watchdog's
 * consumer and the real {@code JobLogReceiver} into the store ({@code receiverData}; no transport).
 * Every iteration appends to a fresh log, deleted afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServerAppendBenchmark {
    private static final Destination SERVER = new Destination(Destination.SERVER, LogStreamer.CHANNEL, LogStreamer.TOPIC, "jmh-job");

    @Param({"4096", "65536"})
    public int chunkSize;

    private Path dir;
    private byte[] chunk;
    private LogWriter writer;
    private long offset;

    private InMemoryMessenger site;
    private StreamRunner serverEngine;
    private long streamOffset;
    private int stream;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jmh-append");
        chunk = Jmh.chunk(chunkSize);
        writer = new LogStore(dir.resolve("store"), Long.MAX_VALUE, Clock.systemUTC()).open("jmh-job", "site-1", "log.txt",
                StreamMode.LIVE, "s-" + System.nanoTime());
        offset = 0;

        InMemoryNetwork network = InMemoryNetwork.withServerAliases();
        InMemoryMessenger server = network.join(Destination.SERVER, "server");
        site = network.join("site-1", "site-1");
        serverEngine = new StreamRunner(server);
        Widget receiver = new JobLogReceiverFactory().create(Map.of(JobLogReceiverFactory.DEST_DIR,
                dir.resolve("received").toString(), JobLogReceiverFactory.QUOTA_BYTES, Long.MAX_VALUE));
        receiver.handleEvent(EventType.SYSTEM_START.name(), JobContext.builder().identityName("server")
                .processType(ProcessType.SERVER_PARENT).workspace(new Workspace(dir)).engine(serverEngine).build());
        Message open = request(Message.empty().with(StreamProtocol.KIND, StreamProtocol.Kind.OPEN.name())
                .with(StreamProtocol.PROPERTY_PREFIX + StreamContext.FILE_NAME, "log.txt")
                .with(StreamProtocol.PROPERTY_PREFIX + StreamContext.MODE, StreamMode.LIVE.name()));
        streamOffset = open.longHeader(StreamProtocol.HELD);
    }

    private Message request(Message m) throws Exception {
        Message reply = site.request(SERVER, m.with(StreamProtocol.STREAM, "jmh-" + stream), Duration.ofSeconds(5));
        if (reply.returnCode() != ReturnCode.OK) {
            throw new IllegalStateException("the receiver refused: " + reply);
        }
        return reply;
    }

    @Benchmark
    public long storeAppend() throws IOException {
        offset = writer.append(offset, chunk, 0, chunk.length);
        return offset;
    }

    @Benchmark
    public long receiverData() throws Exception {
        Message reply = request(Message.empty().with(StreamProtocol.KIND, StreamProtocol.Kind.DATA.name())
                .with(StreamProtocol.OFFSET, streamOffset).with(StreamProtocol.SIZE, chunk.length).withBody(chunk));
        streamOffset = reply.longHeader(StreamProtocol.HELD);
        return streamOffset;
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        writer.close();
        serverEngine.shutdownStreamer();
        stream++;
        Jmh.deleteTree(dir);
    }
}
