package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The event-driven watcher wakes a waiting tailer when the file changes, long before its poll interval. */
class WatchServiceFileWatcherTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(30)
    void aWriteWakesAWaitThatWouldOtherwiseLastAMinute() throws Exception {
        Path file = dir.resolve("log.txt");
        Files.writeString(file, "a\n");
        try (FileWatch watch = FileWatcher.events().watch(file)) {
            CountDownLatch woke = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    watch.awaitChange(Duration.ofMinutes(1));
                    woke.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            // Write until the waiter is woken: it may not have started waiting at the first write.
            boolean awake = false;
            for (int i = 0; i < 100 && !awake; i++) {
                Files.writeString(file, "b\n", java.nio.file.StandardOpenOption.APPEND);
                awake = woke.await(200, TimeUnit.MILLISECONDS);
            }
            waiter.interrupt();
            waiter.join();
            assertTrue(awake, "a file-system event ended the one-minute wait");
        }
    }

    @Test
    @Timeout(30)
    void theCallbackRunsWhenEntriesAreRenamedButNotForPlainWrites() throws Exception {
        Path file = dir.resolve("log.txt");
        Files.writeString(file, "a\n");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (FileWatch watch = FileWatcher.events().watch(file, calls::incrementAndGet)) {
            for (int i = 0; i < 20; i++) {
                Files.writeString(file, "b\n", java.nio.file.StandardOpenOption.APPEND);
                watch.awaitChange(Duration.ofMillis(50)); // lets the events of each write be dispatched
            }
            assertTrue(calls.get() == 0, "a write called back " + calls.get() + " times");
            Files.move(file, dir.resolve("log.txt.1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (calls.get() == 0 && System.nanoTime() < deadline) {
                watch.awaitChange(Duration.ofMillis(100));
            }
            assertTrue(calls.get() > 0, "the rename called back within 20 s");
        }
    }
}
