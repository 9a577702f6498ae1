package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where the current generation of a rotated log starts in its stream, kept in a small hidden file
 * beside the log ({@code .<name>.jobtail-cursor}).
 *
 * <p>Why it exists: a stream's offsets count every byte of every generation (log.txt before and
 * after each rotation), but a file only holds its own generation. A later process that resumes the
 * stream (the site at {@code JOB_COMPLETED}, sending lines written after {@code END_RUN}) needs to
 * know which stream offset byte 0 of the current file has. The cursor names the file by its
 * file key (device and inode) so a stale cursor is never applied to another file. Written only
 * on rotation or truncation, atomically.
 */
record TailCursor(long base, String fileKey) {

    static Path pathFor(Path log) {
        return log.resolveSibling("." + log.getFileName() + ".jobtail-cursor");
    }

    /** The cursor saved for {@code log}, or null if there is none or it cannot be read. */
    static TailCursor read(Path log) {
        Path p = pathFor(log);
        try {
            Properties props = new Properties();
            props.load(new java.io.StringReader(Files.readString(p, StandardCharsets.UTF_8)));
            String base = props.getProperty("base");
            String key = props.getProperty("fileKey");
            if (base == null || key == null) {
                return null;
            }
            return new TailCursor(Long.parseLong(base.trim()), key);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    void write(Path log) throws IOException {
        Path p = pathFor(log);
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.writeString(tmp, "base=" + base + "\nfileKey=" + fileKey.replace("\\", "\\\\") + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
