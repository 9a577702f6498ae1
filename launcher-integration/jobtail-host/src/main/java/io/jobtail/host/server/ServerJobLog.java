package io.jobtail.host.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own log of each job ({@code --site server}): one timestamped line per thing the
 * server did with the job (submitted, handed to a site, status reported, aborted), in
 * {@code <dir>/<job_id>/log.txt}.
 *
 * <p>Thread-safe: appends are serialized on this object. A failed append is logged, never thrown:
 * the job must not fail because its server-side diary could not be written.
 */
public final class ServerJobLog {
    private static final Logger LOG = LoggerFactory.getLogger(ServerJobLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private final Path dir;
    private final Clock clock;

    public ServerJobLog(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The job's server log file (it may not exist yet). */
    public Path file(String jobId) {
        return dir.resolve(jobId).resolve("log.txt");
    }

    public synchronized void append(String jobId, String line) {
        Path file = file(jobId);
        String text = LocalDateTime.now(clock).format(TIME) + " - server - INFO - " + line + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot append to the server log of job {} at {}: {}", jobId, file, e.toString());
        }
    }
}
