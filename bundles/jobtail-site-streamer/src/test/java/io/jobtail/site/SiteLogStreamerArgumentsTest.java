package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiteLogStreamerArgumentsTest {

    @Test
    void noArgumentsMeanTheOriginalsDefaults() {
        SiteLogStreamer streamer = SiteLogStreamer.fromArgs(Map.of());

        assertEquals("log.txt", streamer.logFileName());
        assertEquals(Duration.ofSeconds(10), streamer.livenessInterval());
        assertEquals(Duration.ofMillis(500), streamer.pollInterval());
        assertEquals(Map.of("target_parent_server", true), streamer.streamerArgs());
    }

    @Test
    void nullArgumentsMeanTheDefaults() {
        Map<String, Object> args = new HashMap<>();
        args.put("log_file_name", null);
        args.put("poll_interval", null);

        SiteLogStreamer streamer = SiteLogStreamer.fromArgs(args);

        assertEquals("log.txt", streamer.logFileName());
        assertEquals(Duration.ofMillis(500), streamer.pollInterval());
    }

    @Test
    void argumentsInSecondsBecomeDurations() {
        SiteLogStreamer streamer = SiteLogStreamer.fromArgs(Map.of("log_file_name", "logs/error_log.txt",
                "liveness_interval", 2.5, "poll_interval", 1));

        assertEquals("logs/error_log.txt", streamer.logFileName());
        assertEquals(Duration.ofMillis(2500), streamer.livenessInterval());
        assertEquals(Duration.ofSeconds(1), streamer.pollInterval());
    }

    @Test
    void anUnknownArgumentIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteLogStreamer.fromArgs(Map.of("log_filename", "x.txt")));

        assertTrue(e.getMessage().contains("log_filename"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/log/syslog", "../other-job/log.txt", "logs/../../x", "", "C:\\log.txt"})
    void aLogFileNameOutsideTheJobDirectoryIsRefusedNamingTheArgument(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteLogStreamer.fromArgs(Map.of("log_file_name", name)));

        assertTrue(e.getMessage().contains("log_file_name"), e.getMessage());
    }

    @Test
    void aLogFileNameThatIsNotAStringIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteLogStreamer.fromArgs(Map.of("log_file_name", 7)));

        assertTrue(e.getMessage().contains("log_file_name"), e.getMessage());
    }

    @Test
    void aNonNumericIntervalIsRefusedNamingTheArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteLogStreamer.fromArgs(Map.of("liveness_interval", "ten")));

        assertTrue(e.getMessage().contains("liveness_interval") && e.getMessage().contains("ten"), e.getMessage());
    }

    @Test
    void aZeroOrNegativeIntervalIsRefusedNamingTheArgument() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> SiteLogStreamer.fromArgs(Map.of("poll_interval", 0)));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new SiteLogStreamer("log.txt", Duration.ofSeconds(-1), Duration.ofSeconds(1)));

        assertTrue(zero.getMessage().contains("poll_interval"), zero.getMessage());
        assertTrue(negative.getMessage().contains("liveness_interval"), negative.getMessage());
    }
}
