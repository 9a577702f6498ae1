package io.jobtail.host.site;

import io.jobtail.api.Workspace;
import io.jobtail.host.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jobs a site has taken on, one claim file {@value #FILE} in each job's directory, so that a
 * job the server hands out more than once (it offers a job again when the site's confirmation of
 * the first hand-out never arrived) is launched at most once — by this site process, by several of
 * its threads, and by a later run of the site on the same workspace.
 *
 * <p>Claiming creates the file with {@code CREATE_NEW}, which the file system performs atomically:
 * of any number of concurrent or later claims of one job, exactly one succeeds. The claim is made
 * before anything of the job is deployed; once the job has ended its final status is written into
 * it, so an offer made after the end can be answered with that status. Thread-safe; every method
 * does blocking file I/O.
 */
final class JobClaims {
    static final String FILE = "site_claim";

    private final Workspace workspace;

    JobClaims(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Claims {@code jobId} for launching.
     *
     * @return true for the one call that claimed it, false if it was claimed before
     * @throws IllegalArgumentException if the job id is not a safe name
     * @throws IOException if the claim can be neither made nor found
     */
    boolean claim(String jobId) throws IOException {
        Path dir = workspace.jobDir(jobId);
        Files.createDirectories(dir);
        try {
            Files.createFile(dir.resolve(FILE));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Records the claimed job's final status; idempotent (the latest status wins). */
    void ended(String jobId, String status) throws IOException {
        AtomicFiles.write(workspace.jobDir(jobId).resolve(FILE), status.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The final status recorded for {@code jobId}; empty while it runs, when it was never claimed,
     * or when a run of the site that ended before the job did claimed it.
     */
    Optional<String> endedStatus(String jobId) throws IOException {
        Path file = workspace.jobDir(jobId).resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String status = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return status.isEmpty() ? Optional.empty() : Optional.of(status);
    }
}
