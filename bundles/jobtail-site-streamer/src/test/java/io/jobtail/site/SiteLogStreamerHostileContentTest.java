package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.EventType;
import io.jobtail.streaming.testing.RecordingLogger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * Job configs written to trip the site up (beyond malformed JSON, which
 * {@link SiteLogStreamerHostileConfigTest} covers): either the config is left byte for byte as it
 * was and the reason logged, or the edit keeps every part of it that the job reads.
 */
class SiteLogStreamerHostileContentTest {
    private static final String BEFORE_JOB_LAUNCH = EventType.BEFORE_JOB_LAUNCH.name();

    @TempDir
    java.nio.file.Path root;
    private DeployedJob job;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void deploy() {
        job = new DeployedJob(root);
    }

    private void launch() {
        SiteLogStreamer.fromArgs(Map.of(), log, FileReplacer.atomic()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());
    }

    private void assertLeftAloneSaying(byte[] content, String problem) {
        assertArrayEquals(content, job.bytes());
        List<String> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), log.lines().toString());
        assertTrue(errors.get(0).contains(problem), errors.get(0));
    }

    @Test
    void aNumberLongerThanTheParserAllowsLeavesTheConfigAlone() {
        byte[] content = ("{\"components\": [], \"seed\": " + "9".repeat(5_000) + "}").getBytes(StandardCharsets.US_ASCII);
        job.withConfig(content);

        launch();

        assertLeftAloneSaying(content, "Number value length");
    }

    @Test
    void aLoneSurrogateThatCannotBeWrittenBackLeavesTheConfigAlone() {
        byte[] content = "{\"components\": [], \"note\": \"\\ud800\"}".getBytes(StandardCharsets.US_ASCII);
        job.withConfig(content);

        launch();

        assertLeftAloneSaying(content, "would not read the same");
        assertTrue(log.at(Level.ERROR).get(0).contains("could not inject"), log.lines().toString());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoInPlaceOfTheConfigIsNeverOpenedSoTheSiteDoesNotBlock() throws Exception {
        Files.createDirectories(job.config.getParent());
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", job.config.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo here: " + e);
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

        launch();

        assertTrue(log.at(Level.ERROR).get(0).contains("not a regular file"), log.lines().toString());
    }

    @Test
    void componentsThatAreNotObjectsAreKeptAsTheyWereNextToTheInjectedStreamer() {
        job.withConfig("{\"components\": [1, \"x\", null, [], {\"path\": 7}, {\"id\": \"auto_log_streamer\"}],"
                + " \"\\u0000key\": \"\\u0000\\u2028value\"}");
        JsonNode before = job.tree();

        launch();

        JsonNode after = job.tree();
        assertEquals(7, after.get("components").size());
        for (int i = 0; i < 6; i++) {
            assertEquals(before.get("components").get(i), after.get("components").get(i), "component #" + i);
        }
        assertEquals("auto_log_streamer_2", after.get("components").get(6).get("id").textValue());
        assertEquals("\u0000\u2028value", after.get("\u0000key").textValue());
        assertEquals(List.of(), log.at(Level.ERROR));
    }

    @Test
    void aStreamerTheJobDeclaresWithAPathEscapingTheJobDirectoryDoesNotStopTheSitesOwn() {
        job.withConfig("{\"components\": [{\"id\": \"s\", \"path\": \"io.jobtail.job.JobLogStreamer\","
                + " \"args\": {\"log_file_name\": \"../../../etc/passwd\"}}]}");

        launch();

        JsonNode components = job.tree().get("components");
        assertEquals(2, components.size(), "the site still streams its own log.txt");
        assertEquals("../../../etc/passwd", components.get(0).get("args").get("log_file_name").textValue());
        assertEquals(SiteLogStreamer.AUTO_STREAMER_ID, components.get(1).get("id").textValue());
    }

    @Test
    void duplicateComponentsKeysResolveAsTheJobReadsThemLastOneWinning() {
        job.withConfig("{\"components\": [], \"components\": {\"not\": \"a list\"}}");
        byte[] content = job.bytes();

        launch();

        assertLeftAloneSaying(content, "\"components\" is an object");
    }
}
