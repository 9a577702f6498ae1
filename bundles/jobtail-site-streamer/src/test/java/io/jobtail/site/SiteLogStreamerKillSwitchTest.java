package io.jobtail.site;

import io.jobtail.streaming.testing.RecordingLogger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jobtail.api.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class SiteLogStreamerKillSwitchTest {
    private static final String BEFORE_JOB_LAUNCH = EventType.BEFORE_JOB_LAUNCH.name();

    @TempDir
    Path root;

    private DeployedJob job;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void deploy() {
        job = new DeployedJob(root);
    }

    private SiteLogStreamer streamer(FileReplacer replacer) {
        return new SiteLogStreamer("log.txt", Duration.ofSeconds(10), Duration.ofMillis(500), log, replacer);
    }

    @Test
    void stripsEveryJobLogStreamerWhenTheSiteDisallowsStreaming() {
        job.withConfig("""
                {"format_version": 2, "components": [
                  {"id": "a", "path": "io.jobtail.job.JobLogStreamer"},
                  {"id": "trainer", "path": "com.acme.Trainer", "args": {"lr": 1.10}},
                  {"id": "b", "path": "com.acme.logging.JobLogStreamer", "args": {"log_file_name": "error_log.txt"}},
                  {"id": "c", "path": "JobLogStreamer"},
                  {"id": "lookalike", "path": "com.acme.JobLogStreamerSettings"},
                  "not an object"
                ]}
                """);

        streamer(FileReplacer.atomic()).handleEvent(BEFORE_JOB_LAUNCH, job.disallowed());

        assertEquals(DeployedJob.parse("""
                {"format_version": 2, "components": [
                  {"id": "trainer", "path": "com.acme.Trainer", "args": {"lr": 1.10}},
                  {"id": "lookalike", "path": "com.acme.JobLogStreamerSettings"},
                  "not an object"
                ]}
                """), job.tree());
        List<String> warnings = log.at(Level.WARN);
        assertEquals(1, warnings.size(), log.lines().toString());
        assertTrue(warnings.get(0).startsWith("Removed JobLogStreamer from job job-1"), warnings.get(0));
        assertTrue(warnings.get(0).contains("3 component(s)"), warnings.get(0));
    }

    @Test
    void neitherInjectsNorWritesWhenTheSiteDisallowsStreamingAndThereIsNothingToStrip() {
        job.withConfig("{\"components\": [{\"id\": \"trainer\", \"path\": \"com.acme.Trainer\"}]}");
        byte[] original = job.bytes();

        streamer((file, content) -> {
            throw new AssertionError("nothing to write");
        }).handleEvent(BEFORE_JOB_LAUNCH, job.disallowed());

        assertArrayEquals(original, job.bytes());
        assertEquals(List.of(), log.at(Level.WARN));
        assertTrue(log.at(Level.DEBUG).stream().anyMatch(l -> l.contains("does not allow log streaming")),
                log.lines().toString());
    }

    @Test
    void aFailedStripWriteThrowsNamingTheFileAndLeavesTheConfigAsItWas() {
        job.withConfig("{\"components\": [{\"id\": \"a\", \"path\": \"io.jobtail.job.JobLogStreamer\"}]}");
        byte[] original = job.bytes();
        SiteLogStreamer streamer = streamer((file, content) -> {
            throw new IOException("read-only file system");
        });

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> streamer.handleEvent(BEFORE_JOB_LAUNCH, job.disallowed()));

        assertTrue(e.getMessage().contains(job.config.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("job-1") && e.getMessage().contains("read-only file system"), e.getMessage());
        assertArrayEquals(original, job.bytes());
    }

    @Test
    void aStripOnAReadOnlyConfigDirectoryThrows() throws IOException {
        job.withConfig("{\"components\": [{\"id\": \"a\", \"path\": \"io.jobtail.job.JobLogStreamer\"}]}");
        byte[] original = job.bytes();
        Path dir = job.config.getParent();
        assumeTrue(Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null, "no POSIX permissions");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "permissions are not enforced for this user (root?)");

            assertThrows(UncheckedIOException.class,
                    () -> streamer(FileReplacer.atomic()).handleEvent(BEFORE_JOB_LAUNCH, job.disallowed()));

            assertArrayEquals(original, job.bytes());
        } finally {
            Files.setPosixFilePermissions(dir, before);
        }
    }
}
