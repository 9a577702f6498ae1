package io.jobtail.host.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelWatcherTest {
    @TempDir
    Path dir;

    @Test
    void appliesEachNewLevelOnceAndIgnoresAMissingFile() throws Exception {
        List<String> applied = new ArrayList<>();
        LevelWatcher watcher = new LevelWatcher(dir.resolve("log_level"), Duration.ofDays(1), applied::add);
        watcher.checkOnce();
        Files.writeString(dir.resolve("log_level"), "DEBUG\n");
        watcher.checkOnce();
        watcher.checkOnce();
        Files.writeString(dir.resolve("log_level"), "WARN");
        watcher.checkOnce();
        assertEquals(List.of("DEBUG", "WARN"), applied);
    }
}
