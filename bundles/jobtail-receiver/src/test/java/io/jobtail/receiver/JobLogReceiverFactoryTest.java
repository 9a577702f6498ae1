package io.jobtail.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the factory puts the store, and the {@code dest_dir} values it refuses. */
class JobLogReceiverFactoryTest {
    @TempDir
    Path dir;

    private final JobLogReceiverFactory factory = new JobLogReceiverFactory();

    private Path storeRoot(Map<String, Object> args) {
        return ((JobLogReceiver) factory.create(args)).store().root();
    }

    private String refusal(Object destDir) {
        Map<String, Object> args = new HashMap<>();
        args.put(JobLogReceiverFactory.DEST_DIR, destDir);
        return assertThrows(IllegalArgumentException.class, () -> factory.create(args), "dest_dir " + destDir).getMessage();
    }

    @Test
    void anAbsoluteDestDirIsTheStoreRoot() {
        assertEquals(dir.resolve("store"), storeRoot(Map.of(JobLogReceiverFactory.DEST_DIR, dir.resolve("store").toString())));
        assertEquals(dir.resolve("store"), storeRoot(Map.of(JobLogReceiverFactory.DEST_DIR, dir + "/logs/../store")),
                "normalized");
        assertFalse(Files.exists(dir.resolve("store")), "creating the receiver writes nothing; the store makes its directory");
    }

    @Test
    void withoutDestDirTheStoreIsInTheTemporaryDirectory() {
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "jobtail-store").toAbsolutePath().normalize(),
                storeRoot(Map.of()));
    }

    @Test
    void aRelativeDestDirIsRefusedNamingTheKeyTheValueAndTheWorkingDirectory() {
        String relative = "jobtail-relative-store-never-created";
        Path underWorkingDir = Path.of(relative).toAbsolutePath();
        assertFalse(Files.exists(underWorkingDir), "precondition: " + underWorkingDir + " is not there yet");

        String message = refusal(relative);

        assertEquals("JobLogReceiver: argument dest_dir must be an absolute directory path, not \"" + relative + "\": a"
                + " relative path would be resolved against this process's working directory ("
                + Path.of("").toAbsolutePath() + "), which is wherever it happened to be started from; give the store's"
                + " full path", message);
        assertFalse(Files.exists(underWorkingDir), "nothing is created under the working directory");
    }

    @Test
    void everyFormOfRelativePathIsRefused() {
        for (String relative : List.of("store", "./store", "../store", "a/b", "", " ")) {
            String message = refusal(relative);
            assertTrue(message.contains("argument dest_dir must be an absolute directory path, not \"" + relative + "\"")
                    && message.contains("relative path"), message);
        }
    }

    @Test
    void aDestDirThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertEquals("JobLogReceiver: argument dest_dir must be an absolute directory path, not \"" + file
                + "\": it exists and is not a directory", refusal(file.toString()));
    }

    @Test
    void aDestDirThatIsNoPathOrNoStringIsRefused() {
        String nul = refusal(dir + "/a\0b");
        assertTrue(nul.startsWith("JobLogReceiver: argument dest_dir must be an absolute directory path, not \"" + dir
                + "/a\\u0000b\": "), nul);
        String number = refusal(42);
        assertTrue(number.contains("dest_dir") && number.contains("42") && number.contains("string"), number);
    }
}
