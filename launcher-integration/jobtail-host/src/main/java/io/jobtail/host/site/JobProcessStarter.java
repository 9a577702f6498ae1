package io.jobtail.host.site;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Starts the process of one job at a site. {@link JobLauncher} is the implementation; the seam
 * exists so that a site can be tested without starting processes.
 */
@FunctionalInterface
interface JobProcessStarter {
    /**
     * Starts the job's process; the caller owns it and must wait for it or destroy it.
     *
     * @throws IllegalArgumentException if the job's deployed config cannot be launched as it asks
     */
    Process start(Path workspace, Path jobDir, String jobId, String site, URI server, Path tokenFile) throws IOException;
}
