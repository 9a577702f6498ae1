package io.jobtail.itests.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A job's work (run as {@code main_class} inside the job process, whose working directory is the
 * job directory {@code <site workspace>/<job>}) that writes known bytes into its logs, so that
 * golden outputs of {@code jobtail logs} can be compared byte for byte.
 *
 * <p>Arguments: triples {@code SITE SOURCE FILE}: on site {@code SITE} ({@code *}: every site; the
 * site is the name of the workspace directory, as the test harness lays it out), the bytes of
 * {@code SOURCE} (an absolute path) are appended to {@code FILE} in the job directory. The job's
 * logging must be {@code OFF} so that logback adds nothing to log.txt and error_log.txt. Runs on
 * the caller's thread.
 */
public final class KnownLogsJob {
    private KnownLogsJob() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length % 3 != 0) {
            throw new IllegalArgumentException("KnownLogsJob: expected SITE SOURCE FILE triples, got " + args.length + " arguments");
        }
        Path jobDir = Path.of("").toAbsolutePath();
        String site = jobDir.getParent().getFileName().toString();
        for (int i = 0; i < args.length; i += 3) {
            if (args[i].equals("*") || args[i].equals(site)) {
                Files.write(jobDir.resolve(args[i + 2]), Files.readAllBytes(Path.of(args[i + 1])),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }
}
