package io.jobtail.streaming.tail;

import io.jobtail.streaming.time.Sleeper;
import java.nio.file.Path;

/** Makes {@link FileWatch}es. Thread-safe. */
@FunctionalInterface
public interface FileWatcher {

    /** Starts watching {@code file}, which need not exist yet (its directory should). */
    FileWatch watch(Path file);

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
