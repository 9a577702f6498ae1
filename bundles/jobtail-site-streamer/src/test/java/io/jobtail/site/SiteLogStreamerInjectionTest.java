package io.jobtail.site;

import io.jobtail.streaming.testing.RecordingLogger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobtail.api.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class SiteLogStreamerInjectionTest {
    private static final String BEFORE_JOB_LAUNCH = EventType.BEFORE_JOB_LAUNCH.name();

    @TempDir
    Path root;

    private DeployedJob job;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void deploy() {
        job = new DeployedJob(root);
    }

    private SiteLogStreamer streamer(Map<String, ?> args) {
        return SiteLogStreamer.fromArgs(args, log, FileReplacer.atomic());
    }

    @Test
    void injectsAJobLogStreamerTargetingTheParentServerWhenStreamingIsAllowed() {
        job.withConfig("""
                {"format_version": 2, "components": [{"id": "trainer", "path": "com.acme.Trainer"}]}
                """);

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode components = job.tree().get("components");
        assertEquals(2, components.size());
        assertEquals(DeployedJob.parse("""
                {"id": "auto_log_streamer", "path": "io.jobtail.job.JobLogStreamer",
                 "args": {"target_parent_server": true}}
                """), components.get(1));
        assertEquals("trainer", components.get(0).get("id").textValue());
        assertTrue(log.at(Level.INFO).stream().anyMatch(l -> l.contains("Injected JobLogStreamer")
                && l.contains("job-1") && l.contains("site-1")), log.lines().toString());
    }

    @Test
    void createsTheComponentsListWhenTheConfigHasNone() {
        job.withConfig("{\"format_version\": 2}");

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode config = job.tree();
        assertEquals(List.of("format_version", "components"), fieldNames(config));
        assertEquals(SiteLogStreamer.JOB_LOG_STREAMER_TYPE, config.get("components").get(0).get("path").textValue());
    }

    @Test
    void treatsANullComponentsListAsMissing() {
        job.withConfig("{\"components\": null, \"format_version\": 2}");

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode config = job.tree();
        assertEquals(List.of("components", "format_version"), fieldNames(config));
        assertEquals(1, config.get("components").size());
    }

    @Test
    void writesOnlyTheArgumentsThatDifferFromTheDefaults() {
        job.withConfig("{\"components\": []}");

        streamer(Map.of("log_file_name", "error_log.txt", "liveness_interval", 30, "poll_interval", 0.5))
                .handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode args = job.tree().get("components").get(0).get("args");
        assertEquals(DeployedJob.parse("""
                {"target_parent_server": true, "log_file_name": "error_log.txt", "liveness_interval": 30}
                """), args);
        assertTrue(job.text().contains("\"liveness_interval\": 30\n"), job.text());
    }

    @Test
    void writesAFractionalIntervalAsAPlainDecimal() {
        job.withConfig("{\"components\": []}");

        streamer(Map.of("poll_interval", 0.25, "liveness_interval", 10.0)).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode args = job.tree().get("components").get(0).get("args");
        assertEquals(List.of("target_parent_server", "poll_interval"), fieldNames(args));
        assertTrue(job.text().contains("\"poll_interval\": 0.25"), job.text());
    }

    @Test
    void leavesAStreamerTheJobDeclaresForTheSameFileAlone() {
        String original = """
                {"components": [
                  {"id": "mine", "path": "com.acme.logging.JobLogStreamer"},
                  {"id": "err", "path": "io.jobtail.job.JobLogStreamer", "args": {"log_file_name": "error_log.txt"}}
                ]}
                """;
        job.withConfig(original);

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());
        streamer(Map.of("log_file_name", "./error_log.txt")).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertEquals(original, job.text());
    }

    @Test
    void injectsNextToAStreamerTheJobDeclaresForAnotherFile() {
        job.withConfig("""
                {"components": [{"id": "err", "path": "io.jobtail.job.JobLogStreamer",
                                 "args": {"log_file_name": "error_log.txt"}}]}
                """);

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode components = job.tree().get("components");
        assertEquals(2, components.size());
        assertEquals("auto_log_streamer", components.get(1).get("id").textValue());
        assertFalse(components.get(1).get("args").has("log_file_name"));
    }

    @Test
    void picksAUniqueIdWhenAutoLogStreamerIsTaken() {
        job.withConfig("""
                {"components": [{"id": "auto_log_streamer", "path": "com.acme.Other"},
                                {"id": "auto_log_streamer_2", "path": "com.acme.Other"}]}
                """);

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertEquals("auto_log_streamer_3", job.tree().get("components").get(2).get("id").textValue());
    }

    @Test
    void injectingTwiceChangesNothingTheSecondTime() {
        job.withConfig("{\"components\": []}");
        SiteLogStreamer streamer = streamer(Map.of("poll_interval", 2));

        streamer.handleEvent(BEFORE_JOB_LAUNCH, job.allowed());
        byte[] afterFirst = job.bytes();
        streamer.handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertArrayEquals(afterFirst, job.bytes());
        assertEquals(1, job.tree().get("components").size());
    }

    @Test
    void twoSiteStreamersForDifferentFilesEachInjectOne() {
        job.withConfig("{\"components\": []}");

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());
        streamer(Map.of("log_file_name", "error_log.txt")).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        JsonNode components = job.tree().get("components");
        assertEquals("auto_log_streamer", components.get(0).get("id").textValue());
        assertEquals("auto_log_streamer_2", components.get(1).get("id").textValue());
        assertEquals("error_log.txt", components.get(1).get("args").get("log_file_name").textValue());
    }

    @Test
    void keepsEveryOtherFieldAndTheExactTextOfNumbers() {
        String original = """
                {
                  "format_version": 2,
                  "executors": [{"tasks": ["train"], "executor": {"path": "com.acme.Trainer",
                      "args": {"lr": 1.10, "momentum": 0.90, "epochs": 100, "decay": -3.250,
                               "seed": 123456789012345678901234567890, "tiny": 0.000001000,
                               "whole": 2.0, "name": "caf\\u00e9 \\"x\\"", "none": null, "flag": false,
                               "empty": {}, "list": []}}}],
                  "task_result_filters": [],
                  "components": [{"id": "trainer", "path": "com.acme.Trainer", "args": {"rate": 0.50}}],
                  "zz_last": {"b": 1, "a": 2}
                }
                """;
        job.withConfig(original);

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        ObjectNode expected = (ObjectNode) DeployedJob.parse(original);
        ObjectNode actual = (ObjectNode) job.tree();
        assertEquals(2, actual.get("components").size());
        ((com.fasterxml.jackson.databind.node.ArrayNode) actual.get("components")).remove(1);
        assertEquals(expected, actual);
        assertEquals(fieldNames(expected), fieldNames(actual));
        assertEquals(List.of("b", "a"), fieldNames(actual.get("zz_last")));
        String text = job.text();
        for (String number : List.of("\"lr\": 1.10", "\"momentum\": 0.90", "\"epochs\": 100", "\"decay\": -3.250",
                "\"seed\": 123456789012345678901234567890", "\"tiny\": 0.000001000", "\"whole\": 2.0",
                "\"rate\": 0.50")) {
            assertTrue(text.contains(number), number + " missing from\n" + text);
        }
    }

    @Test
    void findsTheJobIdInTheJobMetaWhenTheContextHasNone() {
        job.withConfig("{\"components\": []}");

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH,
                job.context().jobId(null).jobMeta(Map.of("job_id", DeployedJob.JOB_ID)).build());

        assertEquals(1, job.tree().get("components").size());
    }

    @Test
    void ignoresOtherEventsAndJobCompletedForNow() {
        job.withConfig("{\"components\": []}");
        byte[] original = job.bytes();
        SiteLogStreamer streamer = streamer(Map.of());

        for (String event : List.of("START_RUN", "END_RUN", "JOB_COMPLETED", "SYSTEM_START", "SOMETHING_ELSE")) {
            streamer.handleEvent(event, job.allowed());
        }

        assertArrayEquals(original, job.bytes());
    }

    @Test
    void keepsTheConfigFilePermissions() throws IOException {
        job.withConfig("{\"components\": []}");
        assumeTrue(Files.getFileAttributeView(job.config, PosixFileAttributeView.class) != null, "no POSIX permissions");
        Files.setPosixFilePermissions(job.config, PosixFilePermissions.fromString("rw-r-----"));

        streamer(Map.of()).handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertEquals(1, job.tree().get("components").size());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(job.config)));
    }

    @Test
    void aFailedInjectionWriteIsLoggedAndLeavesTheConfigAsItWas() {
        job.withConfig("{\"components\": [], \"x\": 1.10}");
        byte[] original = job.bytes();
        SiteLogStreamer streamer = new SiteLogStreamer("log.txt", Duration.ofSeconds(10), Duration.ofMillis(500),
                log, (file, content) -> {
                    throw new IOException("disk full");
                });

        streamer.handleEvent(BEFORE_JOB_LAUNCH, job.allowed());

        assertArrayEquals(original, job.bytes());
        List<String> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), log.lines().toString());
        assertTrue(errors.get(0).contains("job-1") && errors.get(0).contains("site-1")
                && errors.get(0).contains(job.config.toString()) && errors.get(0).contains("disk full"), errors.get(0));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
