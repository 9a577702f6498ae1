package io.jobtail.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogStreamOptionsTest {
    @Test
    void livenessAtOrAboveIdleTimeoutIsRejectedBeforeAnythingElse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder()
                .chunkSize(-1) // also wrong, but the liveness rule is reported first
                .livenessInterval(Duration.ofSeconds(30)).idleTimeout(Duration.ofSeconds(30)).build());
        assertEquals("liveness_interval (30.0s) must be less than idle_timeout (30.0s)", e.getMessage());
    }

    @Test
    void aZeroIdleTimeoutMeansNoConstraint() {
        assertEquals(Duration.ofSeconds(99), LogStreamOptions.builder().livenessInterval(Duration.ofSeconds(99))
                .idleTimeout(Duration.ZERO).build().livenessInterval());
    }

    @Test
    void badValuesAreRejectedNamingTheParameterAndValue() {
        assertEquals("chunk_size must be a positive number of bytes, not 0",
                assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder().chunkSize(0).build()).getMessage());
        assertEquals("poll_interval must be positive, not -1.0s", assertThrows(IllegalArgumentException.class,
                () -> LogStreamOptions.builder().pollInterval(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("idle_timeout must be 0 or more, not -2.0s", assertThrows(IllegalArgumentException.class,
                () -> LogStreamOptions.builder().idleTimeout(Duration.ofSeconds(-2)).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder().chunkTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder().livenessInterval(Duration.ZERO).build());
    }

    @Test
    void theDefaultsAreTheOriginals() {
        LogStreamOptions o = LogStreamOptions.defaults();
        assertEquals(Duration.ofMillis(500), o.pollInterval());
        assertEquals(Duration.ofSeconds(10), o.livenessInterval());
        assertEquals(1024 * 1024, o.chunkSize());
        assertEquals(Duration.ofSeconds(5), o.chunkTimeout());
    }
}
