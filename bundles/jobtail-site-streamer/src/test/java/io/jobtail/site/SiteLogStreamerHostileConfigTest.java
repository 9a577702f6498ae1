package io.jobtail.site;

import io.jobtail.streaming.testing.RecordingLogger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

/** Configs the site cannot edit safely: each is logged and left byte for byte as it was. */
class SiteLogStreamerHostileConfigTest {
    private static final String BEFORE_JOB_LAUNCH = EventType.BEFORE_JOB_LAUNCH.name();

    @TempDir
    Path root;

    private DeployedJob job;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void deploy() {
        job = new DeployedJob(root);
    }

    private SiteLogStreamer streamer() {
        return SiteLogStreamer.fromArgs(Map.of(), log, FileReplacer.atomic());
    }

    static Stream<Arguments> unusableConfigs() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"components\": [", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"components\": []} trailing", "not valid JSON"),
                Arguments.of("an empty file", "", "empty"),
                Arguments.of("a top-level array", "[{\"components\": []}]", "top level is an array"),
                Arguments.of("a top-level string", "\"config\"", "top level is a string"),
                Arguments.of("components as an object", "{\"components\": {\"id\": \"x\"}}",
                        "\"components\" is an object"),
                Arguments.of("components as a number", "{\"components\": 3}", "\"components\" is a number"),
                Arguments.of("deep nesting", "{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}",
                        "nesting depth"),
                Arguments.of("invalid UTF-8", new String(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
                        StandardCharsets.ISO_8859_1), "not valid JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableConfigs")
    void anUnusableConfigIsLoggedAndLeftByteForByteWhenStreamingIsAllowed(String what, String content,
            String problem) {
        assertLeftAlone(content.getBytes(StandardCharsets.ISO_8859_1), job.allowed(), problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableConfigs")
    void anUnusableConfigIsLoggedAndLeftByteForByteWhenStreamingIsDisallowed(String what, String content,
            String problem) {
        assertLeftAlone(content.getBytes(StandardCharsets.ISO_8859_1), job.disallowed(), problem);
    }

    @Test
    void anOversizedConfigIsRefusedBeforeItIsRead() {
        byte[] content = new byte[(int) JobConfigFile.MAX_BYTES + 1];
        Arrays.fill(content, (byte) ' ');
        byte[] valid = "{\"components\": []}".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(valid, 0, content, 0, valid.length);

        assertLeftAlone(content, job.allowed(), "more than the limit");
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path elsewhere = Files.writeString(root.resolve("elsewhere.json"), "{\"components\": []}");
        Files.createDirectories(job.config.getParent());
        Files.createSymbolicLink(job.config, elsewhere);

        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertTrue(Files.isSymbolicLink(job.config));
        assertEquals("{\"components\": []}", Files.readString(elsewhere));
        assertTrue(log.at(Level.ERROR).get(0).contains("symbolic link"), log.lines().toString());
    }

    @Test
    void aDirectoryInPlaceOfTheConfigIsLoggedNotRead() throws IOException {
        Files.createDirectories(job.config);

        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertTrue(Files.isDirectory(job.config));
        assertTrue(log.at(Level.ERROR).get(0).contains("not a regular file"), log.lines().toString());
    }

    @Test
    void aMissingJobIdIsANoOp() {
        job.withConfig("{\"components\": []}");
        byte[] original = job.bytes();

        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.context().jobId(null).build());

        assertArrayEquals(original, job.bytes());
        assertEquals(List.of(), log.at(Level.ERROR));
    }

    @Test
    void aMissingConfigIsANoOp() throws IOException {
        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.allowed());
        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.disallowed());

        assertFalse(Files.exists(job.config));
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root), files.toList());
        }
        assertEquals(List.of(), log.at(Level.ERROR));
        assertEquals(List.of(), log.at(Level.WARN));
    }

    @Test
    void aJobIdThatWouldLeaveTheWorkspaceIsLoggedNotFollowed() {
        streamer().handleEvent(BEFORE_JOB_LAUNCH, job.context().jobId("../etc").build());

        assertTrue(log.at(Level.ERROR).get(0).contains("\"../etc\""), log.lines().toString());
    }

    private void assertLeftAlone(byte[] content, JobContext ctx, String problem) {
        job.withConfig(content);

        streamer().handleEvent(BEFORE_JOB_LAUNCH, ctx);

        assertArrayEquals(content, job.bytes());
        List<String> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), log.lines().toString());
        String error = errors.get(0);
        assertTrue(error.contains("job-1") && error.contains("site-1") && error.contains(job.config.toString())
                && error.contains(problem), error);
        assertTrue(error.contains("left untouched"), error);
    }
}
