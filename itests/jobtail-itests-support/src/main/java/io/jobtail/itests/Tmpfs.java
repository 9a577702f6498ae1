package io.jobtail.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted on a directory, so a test can fill a disk for real: {@code mount -t
 * tmpfs -o size=N tmpfs DIR} (needs root or CAP_SYS_ADMIN). {@link #close} unmounts it (lazily if it
 * is still busy, so no mount outlives the test); idempotent. Stop every process that writes there
 * before closing. Not thread-safe.
 */
public final class Tmpfs implements AutoCloseable {
    private static final long COMMAND_SECONDS = 20;

    /** Thrown when the mount is not permitted here (not root, no CAP_SYS_ADMIN, no mount command). */
    public static final class NotPermitted extends IOException {
        NotPermitted(String message) {
            super(message);
        }
    }

    private final Path dir;
    private boolean mounted;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.mounted = true;
    }

    /**
     * Mounts a tmpfs of {@code sizeBytes} on {@code dir} (created if missing).
     *
     * @throws NotPermitted naming what {@code mount} said, when it fails
     */
    public static Tmpfs mount(Path dir, long sizeBytes) throws IOException, InterruptedException {
        if (sizeBytes < 4096) {
            throw new IllegalArgumentException("tmpfs size < 4096: " + sizeBytes);
        }
        Files.createDirectories(dir);
        String out;
        try {
            out = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes, "tmpfs", dir.toString()));
        } catch (IOException e) {
            throw new NotPermitted("cannot run mount: " + e.getMessage());
        }
        if (out != null) {
            throw new NotPermitted("mount -t tmpfs -o size=" + sizeBytes + " on " + dir + " failed: " + out);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Bytes still free on the mount. */
    public long free() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Unmounts (lazily when busy); idempotent. Throws naming the mount point if even that fails. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        String out = run(List.of("umount", dir.toString()));
        if (out != null) {
            String lazy = run(List.of("umount", "-l", dir.toString()));
            if (lazy != null) {
                throw new IOException("cannot unmount the tmpfs on " + dir + ": " + out + " / " + lazy);
            }
        }
        mounted = false;
    }

    /** Runs a command; null when it exited 0, else its exit code and output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not end within " + COMMAND_SECONDS + " s";
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }
}
