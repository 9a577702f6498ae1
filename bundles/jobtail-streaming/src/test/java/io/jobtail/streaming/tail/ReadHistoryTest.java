package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorded file key is the recorded generation only if the file is as long and starts the same. */
class ReadHistoryTest {
    @TempDir
    Path dir;

    private FileObservation seen(String key, long size, long millis) {
        return new FileObservation(dir.resolve("log.txt.1"), key, size, FileTime.fromMillis(millis), 1);
    }

    private FileChannel file(String content) throws Exception {
        Path p = Files.writeString(dir.resolve("f" + System.nanoTime()), content, StandardCharsets.US_ASCII);
        return FileChannel.open(p);
    }

    @Test
    void theSameGenerationRenamedOrGrownIsRecognised() throws Exception {
        ReadHistory history = new ReadHistory(4);
        String first = "000001 first line of generation one\n000002 second line\n";
        try (FileChannel ch = file(first)) {
            history.add(seen("k", first.length(), 10), ReadHistory.fingerprint(ch, first.length()), first.length());
        }
        assertTrue(history.unchanged(seen("k", first.length(), 10)), "unchanged: no need to open it");
        assertFalse(history.unchanged(seen("k", first.length() + 5, 11)));
        try (FileChannel grown = file(first + "000003 more\n")) {
            assertTrue(history.sameGeneration(seen("k", first.length() + 12, 11), grown));
        }
        assertTrue(history.unchanged(seen("k", first.length() + 12, 11)), "the record follows the file");
    }

    @Test
    void aNewFileWithAFinishedGenerationsKeyIsNotTakenForIt() throws Exception {
        ReadHistory history = new ReadHistory(4);
        String first = "000001 first line of generation one\n000002 second line\n";
        try (FileChannel ch = file(first)) {
            history.add(seen("k", first.length(), 10), ReadHistory.fingerprint(ch, first.length()), first.length());
        }
        try (FileChannel shorter = file("000009 x\n")) {
            assertFalse(history.sameGeneration(seen("k", 9, 20), shorter), "shorter than what was read");
        }
        String other = "000009 first line of generation five, longer than the first one was\n";
        try (FileChannel different = file(other)) {
            assertFalse(history.sameGeneration(seen("k", other.length(), 20), different), "starts differently");
        }
    }

    @Test
    void onlyTheLastCapacityGenerationsAreRemembered() throws Exception {
        ReadHistory history = new ReadHistory(2);
        for (int i = 0; i < 3; i++) {
            history.add(seen("k" + i, 1, i), new byte[] {'x'}, 1);
        }
        assertFalse(history.knows("k0"));
        assertTrue(history.knows("k1") && history.knows("k2"));
    }
}
