package io.jobtail.bench.jmh;

import io.jobtail.api.Signal;
import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import io.jobtail.bench.measure.BulkWriter;
import io.jobtail.streaming.LogStreamOptions;
import io.jobtail.streaming.tail.LogTailProducer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The sender's read path: {@link LogTailProducer#produce} returning one chunk of a log that
 * already holds the bytes (page cache), as while catching up. Rewinds before reaching the end so
 * it never waits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChunkReadBenchmark {
    private static final long FILE_BYTES = 32L << 20;

    @Param({"65536", "1048576"})
    public int chunkSize;

    private Path dir;
    private LogTailProducer producer;
    private StreamContext ctx;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jmh-chunk-read");
        Path log = dir.resolve("log.txt");
        BulkWriter.write(log, FILE_BYTES);
        LogStreamOptions options = LogStreamOptions.builder().chunkSize(chunkSize).build();
        producer = new LogTailProducer(log, options, new Signal(), null, false);
        ctx = StreamContext.outgoing("log_streaming", "live_log", Map.of(StreamContext.FILE_NAME, "log.txt"));
    }

    @Benchmark
    public StreamItem readChunk() throws IOException, InterruptedException {
        if (producer.offset() + chunkSize > FILE_BYTES) {
            producer.seek(0);
        }
        StreamItem item = producer.produce(ctx);
        if (item.kind() != StreamItem.Kind.DATA || item.size() != chunkSize) {
            throw new IllegalStateException("expected a full chunk, got " + item);
        }
        return item;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        producer.close();
        Jmh.deleteTree(dir);
    }
}
