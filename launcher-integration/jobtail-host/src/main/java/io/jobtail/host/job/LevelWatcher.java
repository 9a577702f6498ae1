package io.jobtail.host.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Applies {@code jobtail log-config} in the job process: the site writes the wanted level into a
 * file of the job directory (atomically), this watcher reads it every interval and hands a changed
 * value to {@code apply}. Owns one daemon thread from {@link #start} to {@link #close}.
 */
public final class LevelWatcher implements AutoCloseable {
    private final Path file;
    private final Duration interval;
    private final Consumer<String> apply;
    private final Thread thread;
    private volatile boolean closed;
    private String applied;

    public LevelWatcher(Path file, Duration interval, Consumer<String> apply) {
        this.file = file;
        this.interval = interval;
        this.apply = apply;
        this.thread = new Thread(this::loop, "jobtail-level-watcher");
        this.thread.setDaemon(true);
    }

    public LevelWatcher start() {
        thread.start();
        return this;
    }

    /** Reads the file once and applies a changed level; what the thread does each interval. */
    void checkOnce() {
        try {
            String level = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!level.isEmpty() && !level.equals(applied)) {
                applied = level;
                apply.accept(level);
            }
        } catch (NoSuchFileException e) {
            // no log-config asked for yet
        } catch (IOException e) {
            // read again next interval
        }
    }

    private void loop() {
        while (!closed) {
            checkOnce();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
