package io.jobtail.bench.jmh;

import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.transport.http.HttpMessageServer;
import io.jobtail.transport.http.HttpMessenger;
import io.jobtail.transport.http.SiteTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * One message over the HTTP transport on loopback: {@link HttpMessenger} to an
 * {@link HttpMessageServer} whose handler answers at once, with an empty body (a heartbeat) and
 * with a chunk. What the stop-and-wait protocol pays per chunk besides reading and appending.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpMessageBenchmark {
    @Param({"0", "65536", "1048576"})
    public int bodySize;

    private Path dir;
    private HttpMessageServer server;
    private HttpMessenger messenger;
    private Destination destination;
    private Message request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("jmh-http");
        SiteTokens.provision(List.of("site-1"), dir);
        server = HttpMessageServer.builder().tokens(SiteTokens.load(dir.resolve(SiteTokens.SERVER_DIR).resolve(SiteTokens.TOKENS_FILE)))
                .start();
        server.register("bench", "echo", (peer, m) -> Message.reply(ReturnCode.OK).with("jt-held", m.body().length));
        messenger = HttpMessenger.builder(server.uri()).tokenFile(dir.resolve("site-1").resolve(SiteTokens.TOKEN_FILE)).build();
        destination = new Destination(Destination.SERVER, "bench", "echo", "jmh-job");
        request = Message.empty().with("jt-kind", "DATA").with("jt-stream", "s-1").with("jt-offset", 0L)
                .with("jt-size", bodySize).withBody(Jmh.chunk(bodySize));
    }

    @Benchmark
    public Message roundTrip() throws Exception {
        Message reply = messenger.request(destination, request, Duration.ofSeconds(10));
        if (reply.returnCode() != ReturnCode.OK) {
            throw new IllegalStateException("unexpected reply " + reply);
        }
        return reply;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        server.close();
        Jmh.deleteTree(dir);
    }
}
