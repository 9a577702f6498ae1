package io.jobtail.site.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.site.SiteLogStreamer;
import io.jobtail.streaming.testing.RecordingLogger;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class SiteLogStreamerComponentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What SCR hands the component: the typed view of a configuration. */
    record Settings(String log__file__name, double liveness__interval, double poll__interval)
            implements SiteLogStreamerComponent.Config {
        static final Settings DEFAULTS = new Settings("log.txt", 10, 0.5);

        @Override
        public Class<? extends Annotation> annotationType() {
            return SiteLogStreamerComponent.Config.class;
        }
    }

    @TempDir
    Path root;
    private final RecordingLogger log = new RecordingLogger();
    private final SiteLogStreamerComponent component = new SiteLogStreamerComponent(log);

    @Test
    void runsWithTheDefaultsWithoutConfiguration() throws Exception {
        component.activate(Settings.DEFAULTS, Map.of());

        assertEquals(Map.of("target_parent_server", true), injectedArgs("job-1"));
    }

    @Test
    void anUpdateReachesTheNextJobWithoutRestart() throws Exception {
        component.activate(Settings.DEFAULTS, Map.of());

        component.modified(new Settings("error_log.txt", 2.5, 0.25), Map.of());

        assertEquals(Map.of("target_parent_server", true, "log_file_name", "error_log.txt",
                "liveness_interval", 2.5, "poll_interval", 0.25), injectedArgs("job-1"));
        assertEquals(Duration.ofMillis(2500), component.streamer().livenessInterval());
    }

    @Test
    void anInvalidValueIsRefusedWithOneLineAndTheLastGoodConfigurationStays() throws Exception {
        component.activate(new Settings("log.txt", 3, 0.5), Map.of());
        SiteLogStreamer good = component.streamer();

        component.modified(new Settings("log.txt", -1, 0.5), Map.of("liveness_interval", -1.0));

        assertSame(good, component.streamer());
        assertEquals(1, log.at(Level.ERROR).size(), log.lines().toString());
        String line = log.at(Level.ERROR).get(0);
        assertTrue(line.contains("io.jobtail.site.SiteLogStreamer") && line.contains("liveness_interval")
                && line.contains("-1") && line.contains("refused"), line);
        assertEquals(Map.of("target_parent_server", true, "liveness_interval", 3), injectedArgs("job-2"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheKeyAndTheRawValue() {
        component.activate(Settings.DEFAULTS, Map.of());
        SiteLogStreamer good = component.streamer();
        SiteLogStreamerComponent.Config unconvertible = new SiteLogStreamerComponent.Config() {
            @Override
            public String log__file__name() {
                return "log.txt";
            }

            @Override
            public double liveness__interval() {
                return 10;
            }

            @Override
            public double poll__interval() {
                // what SCR's typed view does with a value it cannot convert
                throw new IllegalStateException("cannot convert \"fast\" to double");
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SiteLogStreamerComponent.Config.class;
            }
        };

        component.modified(unconvertible, Map.of("poll_interval", "fast"));

        assertSame(good, component.streamer());
        String line = log.at(Level.ERROR).get(0);
        assertTrue(line.contains("poll_interval") && line.contains("\"fast\""), line);
    }

    @Test
    void aPathOutsideTheJobDirectoryIsRefused() {
        component.activate(Settings.DEFAULTS, Map.of());

        component.modified(new Settings("../escape.txt", 10, 0.5), Map.of("log_file_name", "../escape.txt"));

        assertEquals("log.txt", component.streamer().logFileName());
        assertTrue(log.at(Level.ERROR).get(0).contains("log_file_name"), log.lines().toString());
    }

    @Test
    void anInvalidConfigurationAtActivationFailsTheActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.activate(new Settings("log.txt", 0, 0.5), Map.of()));

        assertTrue(e.getMessage().contains("liveness_interval"), e.getMessage());
    }

    /** Fires BEFORE_JOB_LAUNCH for a freshly deployed job and returns the injected streamer's args. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> injectedArgs(String jobId) throws Exception {
        Workspace workspace = new Workspace(root);
        Path config = workspace.clientConfig(jobId, "site-1");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"components\": []}", StandardCharsets.UTF_8);
        JobContext ctx = JobContext.builder().jobId(jobId).identityName("site-1").processType(ProcessType.CLIENT_PARENT)
                .workspace(workspace).build();

        component.handleEvent(EventType.BEFORE_JOB_LAUNCH.name(), ctx);

        JsonNode entry = JSON.readTree(config.toFile()).get("components").get(0);
        assertEquals(SiteLogStreamer.JOB_LOG_STREAMER_TYPE, entry.get("path").asText());
        return JSON.convertValue(entry.get("args"), Map.class);
    }
}
