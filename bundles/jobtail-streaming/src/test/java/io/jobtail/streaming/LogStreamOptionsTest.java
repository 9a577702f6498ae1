package io.jobtail.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aChunkSizeTheHttpServerWouldRefuseIsRejectedNamingTheValueTheLimitAndWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogStreamOptions.builder().chunkSize(8 * 1024 * 1024 + 1).build());
        assertEquals("chunk_size must be at most 8388608 bytes (8 MiB), not 8388609: one read goes out as one DATA"
                + " message, and the HTTP server refuses request bodies above 8 MiB by default", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder().chunkSize(Integer.MAX_VALUE).build());
        assertEquals("chunk_size must be a positive number of bytes, not -5",
                assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.builder().chunkSize(-5).build()).getMessage());
    }

    @Test
    void theLimitItselfAndOneByteAreAccepted() {
        assertEquals(8 * 1024 * 1024, LogStreamOptions.MAX_CHUNK_SIZE);
        assertEquals(LogStreamOptions.MAX_CHUNK_SIZE, LogStreamOptions.builder().chunkSize(LogStreamOptions.MAX_CHUNK_SIZE).build().chunkSize());
        assertEquals(1, LogStreamOptions.builder().chunkSize(1).build().chunkSize());
    }

    @Test
    void settingsLaidOverBaseOptionsAreCheckedAgain() {
        // how a configured chunk_size is applied: on top of options that supply time and file events
        LogStreamOptions base = LogStreamOptions.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.toBuilder().chunkSize(16 * 1024 * 1024).build());
        assertTrue(e.getMessage().startsWith("chunk_size must be at most 8388608 bytes (8 MiB), not 16777216"), e.getMessage());
        assertEquals(LogStreamOptions.DEFAULT_CHUNK_SIZE, base.chunkSize(), "the base options are left as they were");
    }

    @Test
    void aParserCanCheckAChunkSizeBeforeBuildingAnythingWithTheSameMessage() {
        assertEquals(4096, LogStreamOptions.checkChunkSize(4096));
        assertEquals("chunk_size must be at most 8388608 bytes (8 MiB), not 10000000000: one read goes out as one DATA"
                + " message, and the HTTP server refuses request bodies above 8 MiB by default",
                assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.checkChunkSize(10_000_000_000L)).getMessage());
        assertEquals("chunk_size must be a positive number of bytes, not 0",
                assertThrows(IllegalArgumentException.class, () -> LogStreamOptions.checkChunkSize(0)).getMessage());
    }
}
