package io.jobtail.bench.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

/**
 * Watches copies (the server's, or the baseline listener's) and records, for every complete
 * {@link TimedLine} that appears in them, how long after it was written it became visible.
 *
 * <p>Copies are noticed through inotify ({@link WatchService}) on their directories, which may not
 * exist yet; every {@value #SWEEP_MS} ms every copy is also read, so nothing depends on an event
 * arriving. One daemon thread does all reading; {@link #close()} stops it after a last sweep.
 * {@link #follow} is thread-safe; the recorder is read only after {@link #close()}.
 */
public final class CopyObserver implements AutoCloseable {
    static final int SWEEP_MS = 100;

    private final LatencyRecorder recorder;
    private final WatchService events;
    private final ConcurrentLinkedQueue<Path> added = new ConcurrentLinkedQueue<>();
    /** Observer thread only. */
    private final Map<Path, List<Copy>> byDir = new HashMap<>();
    /** Observer thread only. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    /** Observer thread only. */
    private final List<Copy> copies = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    private final Thread thread;
    private volatile boolean stopping;

    public CopyObserver(LatencyRecorder recorder) throws IOException {
        this.recorder = recorder;
        this.events = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::run, "copy-observer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts following {@code copy} (which need not exist yet) from its byte 0. */
    public void follow(Path copy) {
        added.add(copy.toAbsolutePath().normalize());
    }

    private void run() {
        long nextSweep = 0;
        while (true) {
            boolean last = stopping;
            try {
                adopt();
                long now = System.nanoTime();
                if (last || now >= nextSweep) {
                    registerMissing();
                    for (Copy c : copies) {
                        drain(c);
                    }
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MS);
                }
                if (last) {
                    return;
                }
                WatchKey key = events.poll(10, TimeUnit.MILLISECONDS);
                while (key != null) {
                    key.pollEvents();
                    List<Copy> inDir = byDir.get((Path) key.watchable());
                    key.reset();
                    if (inDir != null) {
                        for (Copy c : inDir) {
                            drain(c);
                        }
                    }
                    key = events.poll();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    private void adopt() {
        Path p;
        while ((p = added.poll()) != null) {
            Copy c = new Copy(p);
            copies.add(c);
            byDir.computeIfAbsent(p.getParent(), d -> new ArrayList<>()).add(c);
        }
    }

    private void registerMissing() {
        for (Path dir : byDir.keySet()) {
            if (!keys.containsKey(dir) && Files.isDirectory(dir)) {
                try {
                    keys.put(dir, dir.register(events, ENTRY_CREATE, ENTRY_MODIFY));
                } catch (IOException e) {
                    // the sweep still reads it
                }
            }
        }
    }

    private void drain(Copy c) {
        try {
            if (c.channel == null) {
                try {
                    c.channel = FileChannel.open(c.path, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return;
                }
            }
            while (true) {
                buffer.clear();
                buffer.put(c.partial, 0, c.partialLength);
                int n = c.channel.read(buffer, c.position);
                if (n <= 0) {
                    return;
                }
                long seen = System.nanoTime();
                c.position += n;
                byte[] b = buffer.array();
                int end = buffer.position();
                int lineStart = 0;
                for (int i = 0; i < end; i++) {
                    if (b[i] == '\n') {
                        long written = TimedLine.nanosOf(b, lineStart, i);
                        if (written >= 0) {
                            recorder.record(written, seen);
                        }
                        lineStart = i + 1;
                    }
                }
                c.partialLength = end - lineStart;
                if (c.partialLength > c.partial.length) {
                    c.partial = new byte[c.partialLength * 2];
                }
                System.arraycopy(b, lineStart, c.partial, 0, c.partialLength);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read copy " + c.path + ": " + e, e);
        }
    }

    /** Stops after one last read of every copy; waits for the observer thread (bounded). */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(30_000);
        try {
            events.close();
        } catch (IOException e) {
            // nothing left to watch
        }
        for (Copy c : copies) {
            try {
                if (c.channel != null) {
                    c.channel.close();
                }
            } catch (IOException e) {
                // read-only handle
            }
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the copy observer did not stop within 30 s");
        }
    }

    /** One followed copy; observer thread only. */
    private static final class Copy {
        final Path path;
        FileChannel channel;
        long position;
        byte[] partial = new byte[4096];
        int partialLength;

        Copy(Path path) {
            this.path = path;
        }
    }
}
