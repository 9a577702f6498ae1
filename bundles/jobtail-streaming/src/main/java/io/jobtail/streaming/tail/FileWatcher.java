package io.jobtail.streaming.tail;

import io.jobtail.streaming.time.Sleeper;
import java.nio.file.Path;

/** Makes {@link FileWatch}es. Thread-safe. */
@FunctionalInterface
public interface FileWatcher {

    /** Starts watching {@code file}, which need not exist yet (its directory should). */
    FileWatch watch(Path file);

    /**
     * Like {@link #watch(Path)}, and also calls {@code onChange} on the watcher's own thread soon
     * after an entry in the file's directory is created, deleted or renamed (or events were lost),
     * while the watch is open — so the caller can react (pin a new generation of a rotated file)
     * even while its own thread is busy elsewhere. Plain writes to files do not call it.
     * {@code onChange} must be quick and must not block; what it throws is logged and ignored.
     * Watchers without file-system events (the default) never call it.
     */
    default FileWatch watch(Path file, Runnable onChange) {
        return watch(file);
    }

    /**
     * The process-wide watcher on the platform's file-system events ({@code inotify} on Linux),
     * falling back to polling for directories it cannot watch.
     */
    static FileWatcher events() {
        return WatchServiceFileWatcher.shared();
    }

    /** No events: every wait simply lasts its full time. */
    static FileWatcher polling(Sleeper sleeper) {
        return file -> new FileWatch() {
            @Override
            public void awaitChange(java.time.Duration max) throws InterruptedException {
                sleeper.sleep(max);
            }

            @Override
            public void close() {
            }
        };
    }
}
