package io.jobtail.streaming.tail;

import io.jobtail.streaming.testing.FakeTime;
import java.nio.file.Path;

/**
 * A polling watcher on a fake clock that keeps the change callback a producer registers, so a test
 * decides when "the watcher's thread" runs it: {@link #directoryChanged()}, on the test's thread.
 */
final class CapturingFileWatcher implements FileWatcher {
    private final FakeTime time;
    private volatile Runnable onChange = () -> { };

    CapturingFileWatcher(FakeTime time) {
        this.time = time;
    }

    @Override
    public FileWatch watch(Path file) {
        return FileWatcher.polling(time).watch(file);
    }

    @Override
    public FileWatch watch(Path file, Runnable callback) {
        onChange = callback;
        return watch(file);
    }

    /** Runs the last registered callback, as the watcher's thread would after a directory event. */
    void directoryChanged() {
        onChange.run();
    }
}
