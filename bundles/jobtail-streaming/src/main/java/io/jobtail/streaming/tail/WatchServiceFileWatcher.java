package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-change notification through one {@link WatchService} and one daemon thread for the whole
 * process, however many files are watched: each watched directory is registered once
 * (reference-counted) and every event in it wakes the watches of that directory.
 *
 * <p>Why not a WatchService per file: on Linux each one is an inotify instance, and the default
 * limit is 128 per user. When the service cannot be created or a directory cannot be registered,
 * the watch degrades to polling: {@link FileWatch#awaitChange} then waits its full time, so latency
 * is never worse than the caller's poll interval.
 */
final class WatchServiceFileWatcher implements FileWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WatchServiceFileWatcher.class);
    private static volatile WatchServiceFileWatcher shared;

    private final WatchService service;
    /** Guarded by {@code this}. */
    private final Map<Path, Directory> directories = new HashMap<>();

    private WatchServiceFileWatcher(WatchService service) {
        this.service = service;
        if (service != null) {
            Thread t = new Thread(this::dispatch, "jobtail-file-watcher");
            t.setDaemon(true);
            t.start();
        }
    }

    static WatchServiceFileWatcher shared() {
        WatchServiceFileWatcher w = shared;
        if (w == null) {
            synchronized (WatchServiceFileWatcher.class) {
                w = shared;
                if (w == null) {
                    WatchService s = null;
                    try {
                        s = FileSystems.getDefault().newWatchService();
                    } catch (IOException | UnsupportedOperationException e) {
                        LOG.warn("File-system events are not available ({}); log tailing falls back to polling", e.toString());
                    }
                    shared = w = new WatchServiceFileWatcher(s);
                }
            }
        }
        return w;
    }

    @Override
    public FileWatch watch(Path file) {
        return watch(file, null);
    }

    @Override
    public FileWatch watch(Path file, Runnable onChange) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        Watch watch = new Watch(dir, onChange);
        if (service == null || dir == null) {
            watch.polling = true;
            return watch;
        }
        synchronized (this) {
            Directory d = directories.get(dir);
            if (d == null) {
                try {
                    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                    d = new Directory(key);
                    directories.put(dir, d);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Cannot watch {} ({}); polling it instead", dir, e.toString());
                    watch.polling = true;
                    return watch;
                }
            }
            d.watches.add(watch);
        }
        return watch;
    }

    private synchronized void release(Watch watch) {
        Directory d = directories.get(watch.dir);
        if (d != null && d.watches.remove(watch) && d.watches.isEmpty()) {
            d.key.cancel();
            directories.remove(watch.dir);
        }
    }

    private void dispatch() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            // Any event in the directory (including OVERFLOW) wakes its watches: a spurious wake-up
            // costs one empty read, a missed one costs a poll interval. Only entries created,
            // deleted or renamed (or lost events) run the callbacks: plain writes, one per line
            // logged, cannot bring a new generation.
            boolean entriesChanged = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                entriesChanged |= event.kind() != StandardWatchEventKinds.ENTRY_MODIFY;
            }
            Path dir = (Path) key.watchable();
            Set<Watch> watches;
            synchronized (this) {
                Directory d = directories.get(dir);
                watches = d == null ? Set.of() : d.watches;
            }
            for (Watch w : watches) {
                w.changed(entriesChanged);
            }
            key.reset();
        }
    }

    private static final class Directory {
        final WatchKey key;
        final Set<Watch> watches = new CopyOnWriteArraySet<>();

        Directory(WatchKey key) {
            this.key = key;
        }
    }

    private final class Watch implements FileWatch {
        final Path dir;
        final Semaphore changes = new Semaphore(0);
        final Runnable onChange;
        volatile boolean polling;
        private volatile boolean closed;

        Watch(Path dir, Runnable onChange) {
            this.dir = dir;
            this.onChange = onChange;
        }

        /** On the dispatch thread: the callback first (so what it pins is there), then the wake-up. */
        void changed(boolean entriesChanged) {
            if (entriesChanged && onChange != null && !closed) {
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    LOG.warn("A file-change callback for {} failed: {}", dir, e.toString());
                }
            }
            signal();
        }

        void signal() {
            if (changes.availablePermits() == 0) {
                changes.release();
            }
        }

        @Override
        public void awaitChange(Duration max) throws InterruptedException {
            if (polling) {
                Thread.sleep(Math.max(1, max.toMillis()));
                return;
            }
            if (changes.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS)) {
                changes.drainPermits();
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!polling) {
                    release(this);
                }
            }
        }
    }
}
