package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What one look at one path showed: which file was there (its file key: device and inode on
 * Unix), how long it was and when it was last written. {@code scan} numbers the directory look it
 * belongs to, so that only observations taken together are ranked by their names.
 */
record FileObservation(Path path, Object key, long size, FileTime modified, long scan) {

    /** Looks at {@code path}; throws {@link java.nio.file.NoSuchFileException} if nothing is there. */
    static FileObservation of(Path path, long scan) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return new FileObservation(path, a.fileKey(), a.size(), a.lastModifiedTime(), scan);
    }

    /** Looks at {@code path}; null if nothing (or nothing readable) is there. */
    static FileObservation ofOrNull(Path path, long scan) {
        try {
            return of(path, scan);
        } catch (IOException e) {
            return null;
        }
    }

    /** Same file, same length and same last write: nothing happened to it in between. */
    boolean unchangedSince(FileObservation earlier) {
        return earlier != null && key.equals(earlier.key) && size == earlier.size && modified.equals(earlier.modified);
    }

    String describe() {
        return path.getFileName() + " (" + size + " bytes, file " + key + ", last written " + modified + ")";
    }
}
