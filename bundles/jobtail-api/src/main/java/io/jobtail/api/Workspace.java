package io.jobtail.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a job's files live under a process's workspace root.
 *
 * <pre>
 * &lt;root&gt;/&lt;job_id&gt;/                                     the job's run directory
 * &lt;root&gt;/&lt;job_id&gt;/log.txt, error_log.txt                 the job's logs
 * &lt;root&gt;/&lt;job_id&gt;/app_&lt;site&gt;/config/config_fed_client.json  the deployed job config
 * </pre>
 *
 * Every job id and site name is checked with {@link Names#requireSafe}, so no path built here
 * leaves the root. Immutable and thread-safe.
 */
public final class Workspace {
    /** The job's main log file name. */
    public static final String LOG_FILE = "log.txt";
    /** The job's error log: ERROR and above. */
    public static final String ERROR_LOG_FILE = "error_log.txt";
    /** The deployed job config that {@code SiteLogStreamer} edits. */
    public static final String CLIENT_CONFIG_FILE = "config_fed_client.json";

    private final Path root;

    public Workspace(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** {@code <root>/<job_id>}: the job's run directory, where its logs are written. */
    public Path jobDir(String jobId) {
        return root.resolve(Names.requireSafe("job id", jobId));
    }

    /** {@code <root>/<job_id>/app_<site>}: the app deployed for {@code site}. */
    public Path appDir(String jobId, String site) {
        return jobDir(jobId).resolve("app_" + Names.requireSafe("site name", site));
    }

    /** {@code <root>/<job_id>/app_<site>/config/config_fed_client.json}. */
    public Path clientConfig(String jobId, String site) {
        return appDir(jobId, site).resolve("config").resolve(CLIENT_CONFIG_FILE);
    }

    /**
     * {@code <root>/<job_id>/<relative>}: a log file of the job. {@code relative} may name a
     * sub-directory but must stay inside the job directory.
     *
     * @throws IllegalArgumentException if {@code relative} is absolute or climbs out with {@code ..}
     */
    public Path logFile(String jobId, String relative) {
        Path dir = jobDir(jobId);
        Path rel = Path.of(checkRelative(relative));
        Path resolved = dir.resolve(rel).normalize();
        if (!resolved.startsWith(dir) || resolved.equals(dir)) {
            throw new IllegalArgumentException("log file name " + Names.quote(relative)
                    + " is not allowed: it leaves the job directory " + dir);
        }
        return resolved;
    }

    /** {@code <root>/<job_id>/error_log.txt}. */
    public Path errorLog(String jobId) {
        return logFile(jobId, ERROR_LOG_FILE);
    }

    /**
     * Checks a log file name given by a user: relative, no {@code ..} segment, not empty.
     *
     * @return {@code relative} unchanged
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static String checkRelative(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new IllegalArgumentException("log file name is empty");
        }
        if (relative.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("log file name " + Names.quote(relative) + " contains NUL");
        }
        if (relative.startsWith("/") || relative.startsWith("\\") || Path.of(relative).isAbsolute()
                || (relative.length() > 1 && relative.charAt(1) == ':')) {
            throw new IllegalArgumentException("log file name " + Names.quote(relative)
                    + " must be relative to the job directory, not absolute");
        }
        for (String segment : relative.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("log file name " + Names.quote(relative)
                        + " must not contain a '..' segment");
            }
        }
        return relative;
    }

    @Override
    public String toString() {
        return "Workspace[" + root + "]";
    }
}
