package io.jobtail.receiver.store;

import io.jobtail.api.Names;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where logs live under the root, and the checks that keep every path there: names are checked
 * by {@link LogKey} before a path is built, the built path is checked to sit exactly three
 * levels under the root, and directories are never followed through symbolic links.
 */
final class StoreLayout {
    private final Path root;

    StoreLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path jobDir(String job) {
        return under(root.resolve(LogKey.requireJob(job)), 1, job);
    }

    Path siteDir(String job, String site) {
        return under(jobDir(job).resolve(LogKey.requireSite(site)), 2, site);
    }

    LogPaths paths(LogKey key) {
        Path dir = siteDir(key.job(), key.site());
        LogPaths paths = LogPaths.in(dir, key.file());
        under(paths.data(), 3, key.file());
        return paths;
    }

    /**
     * Creates the log's job and site directories if needed. Refuses an existing symbolic link at
     * either level (following it could write outside the root), then checks the real path.
     */
    void createDirectories(LogPaths paths) throws IOException {
        Files.createDirectories(root);
        Path siteDir = paths.dir();
        createDirectory(siteDir.getParent());
        createDirectory(siteDir);
        requireInsideRoot(siteDir);
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(dir.toString(), null,
                        "exists and is not a plain directory (a symbolic link or a file); the log store will not write through it");
            }
        }
    }

    /**
     * Checks that an existing {@code path} really is under the root once every link is resolved.
     *
     * @return false if it does not exist
     * @throws FileSystemException it exists but resolves outside the root
     */
    boolean requireInsideRoot(Path path) throws IOException {
        Path real;
        Path realRoot;
        try {
            real = path.toRealPath();
            realRoot = root.toRealPath();
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!real.startsWith(realRoot)) {
            throw new FileSystemException(path.toString(), null,
                    "resolves to " + real + ", outside the log store root " + realRoot + "; refused");
        }
        return true;
    }

    /** Forces a directory's entries (a rename into it) to disk where the platform allows; best effort. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename is still atomic, only less durable.
        }
    }

    private Path under(Path path, int depth, String name) {
        Path normal = path.normalize();
        if (!normal.startsWith(root) || normal.getNameCount() != root.getNameCount() + depth) {
            // Unreachable with checked names; kept as the last line of defence.
            throw new IllegalArgumentException("name " + Names.quote(name)
                    + " would leave the log store root " + root + ": " + normal);
        }
        return normal;
    }
}
