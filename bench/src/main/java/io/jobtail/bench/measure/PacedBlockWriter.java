package io.jobtail.bench.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends text at a fixed byte rate, in one write every 10 ms, on a thread of its own, until
 * closed. For loading a streamer at a steady rate without the writer's own cost dominating.
 */
public final class PacedBlockWriter implements AutoCloseable {
    private static final long TICK_NANOS = 10_000_000;

    private final FileChannel channel;
    private final byte[] block;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long written;
    private volatile IOException failure;

    public PacedBlockWriter(Path file, long bytesPerSecond) throws IOException {
        Files.createDirectories(file.getParent());
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.block = new byte[(int) (bytesPerSecond * TICK_NANOS / 1_000_000_000L)];
        Arrays.fill(block, (byte) 'y');
        for (int i = 99; i < block.length; i += 100) {
            block[i] = '\n';
        }
        this.thread = new Thread(this::run, "paced-block-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long tick = 0;
        try {
            while (!stopping) {
                long due = start + tick * TICK_NANOS;
                long now = System.nanoTime();
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(block);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                tick++;
                written += block.length;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopping = true;
        thread.join(10_000);
        channel.close();
        if (failure != null) {
            throw new IOException("paced writing failed", failure);
        }
    }
}
