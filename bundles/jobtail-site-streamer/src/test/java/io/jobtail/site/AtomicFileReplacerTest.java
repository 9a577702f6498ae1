package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileReplacerTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "old content that is longer");

        FileReplacer.atomic().replace(file, "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void keepsTheReplacedFilesPermissions() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "old");
        assumeTrue(Files.getFileAttributeView(file, PosixFileAttributeView.class) != null, "no POSIX permissions");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));

        FileReplacer.atomic().replace(file, "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFailedMoveRemovesTheTemporaryFileAndKeepsTheTarget() throws IOException {
        // A non-empty directory cannot be replaced by a rename, even by root.
        Path target = Files.createDirectory(dir.resolve("config.json"));
        Path inside = Files.writeString(target.resolve("keep.txt"), "kept");

        assertThrows(IOException.class,
                () -> FileReplacer.atomic().replace(target, "new".getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of(target), list(dir));
        assertEquals("kept", Files.readString(inside));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
