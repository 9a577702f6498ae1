package io.jobtail.agent;

import io.jobtail.api.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a log file given by path sits in {@code JobLogStreamer}'s terms: a {@link Workspace} and a
 * name relative to {@code <root>/<job_id>}.
 *
 * <p>When a directory named for the job encloses the file (the reference launcher's layout
 * {@code <ws>/<job_id>/log.txt}), that directory's parent is the root. Otherwise a private
 * temporary root is made whose {@code <job_id>} entry is a symbolic link to the file's directory,
 * because {@code JobLogStreamer} only streams files under {@code <root>/<job_id>}; {@link #close}
 * removes it. Not thread-safe; close once the stream has ended.
 */
final class LogLocation implements AutoCloseable {
    private final Workspace workspace;
    private final String relative;
    private final Path link;

    private LogLocation(Workspace workspace, String relative, Path link) {
        this.workspace = workspace;
        this.relative = relative;
        this.link = link;
    }

    /**
     * @param logFile absolute and normalized
     * @throws IOException if the temporary root or its link cannot be made
     */
    static LogLocation of(Path logFile, String jobId) throws IOException {
        for (Path dir = logFile.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
            if (dir.getFileName().toString().equals(jobId)) {
                return new LogLocation(new Workspace(dir.getParent()), dir.relativize(logFile).toString(), null);
            }
        }
        Path root = Files.createTempDirectory("jobtail-log-");
        Path link = Files.createSymbolicLink(root.resolve(jobId), logFile.getParent());
        return new LogLocation(new Workspace(root), logFile.getFileName().toString(), link);
    }

    Workspace workspace() {
        return workspace;
    }

    /** The log's name relative to the job directory. */
    String relative() {
        return relative;
    }

    /** Removes the temporary root, if one was made; the log itself is never touched. Idempotent. */
    @Override
    public void close() {
        if (link != null) {
            try {
                Files.deleteIfExists(link);
                Files.deleteIfExists(link.getParent());
            } catch (IOException e) {
                // a stale link in the temp directory harms nothing
            }
        }
    }
}
