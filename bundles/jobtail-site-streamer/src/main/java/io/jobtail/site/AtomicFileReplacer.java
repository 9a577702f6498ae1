package io.jobtail.site;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Replaces a file so that readers see either the old content or the new, never a mix: the new
 * content goes to a temporary file in the same directory (same file system, so the rename can be
 * atomic), is forced to disk, takes the old file's POSIX permissions where the platform has them,
 * and is then moved over the old file with {@code ATOMIC_MOVE}. On any failure the temporary file is
 * deleted and the old file is left as it was.
 *
 * <p>Stateless and thread-safe. Two concurrent replacements of the same file do not corrupt it;
 * the last move wins.
 */
final class AtomicFileReplacer implements FileReplacer {
    static final AtomicFileReplacer INSTANCE = new AtomicFileReplacer();

    private AtomicFileReplacer() {
    }

    @Override
    public void replace(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Set<PosixFilePermission> permissions = posixPermissions(file);
        Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
        try {
            // createTempFile makes the file owner-only; the job process may run as another user
            // that must still read its config, so the original's permissions carry over.
            if (permissions != null) {
                Files.setPosixFilePermissions(tmp, permissions);
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Without this a crash right after the rename can leave an empty config behind.
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                // Reported with the write failure; a stray *.tmp next to the config does not affect the job.
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The file's POSIX permissions, or null where the platform has none or the file is gone. */
    private static Set<PosixFilePermission> posixPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        try {
            return view.readAttributes().permissions();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
