package io.jobtail.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpTransportOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        HttpTransportOptions d = HttpTransportOptions.defaults();

        assertEquals(8 * 1024 * 1024, d.maxBodyBytes());
        assertEquals(64 * 1024, d.maxHeadersBytes());
        assertEquals(8, d.executorThreads());
        assertEquals(Duration.ofSeconds(30), d.idleConnectionTimeout());
        assertEquals(2048, d.maxIdleConnections());
    }

    @Test
    void withReturnsACopyAndLeavesTheOriginal() {
        HttpTransportOptions d = HttpTransportOptions.defaults();

        HttpTransportOptions small = d.withMaxBodyBytes(10).withExecutorThreads(1).withMaxIdleConnections(3);

        assertEquals(10, small.maxBodyBytes());
        assertEquals(1, small.executorThreads());
        assertEquals(3, small.maxIdleConnections());
        assertEquals(3, small.withIdleConnectionTimeout(Duration.ofSeconds(2)).maxIdleConnections(), "kept by other withs");
        assertEquals(8 * 1024 * 1024, d.maxBodyBytes());
    }

    @Test
    void badValuesAreRefusedWithTheValueInTheMessage() {
        HttpTransportOptions d = HttpTransportOptions.defaults();

        assertEquals("maxBodyBytes <= 0: -1",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxBodyBytes(-1)).getMessage());
        assertEquals("maxHeadersBytes <= 0: 0",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxHeadersBytes(0)).getMessage());
        assertEquals("executorThreads <= 0: 0",
                assertThrows(IllegalArgumentException.class, () -> d.withExecutorThreads(0)).getMessage());
        assertEquals("maxIdleConnections <= 0: 0",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxIdleConnections(0)).getMessage());
        assertEquals("requestReadTimeout <= 0: PT-1S", assertThrows(IllegalArgumentException.class,
                () -> d.withRequestReadTimeout(Duration.ofSeconds(-1))).getMessage());
        assertEquals("idleConnectionTimeout < 1s: PT0.5S", assertThrows(IllegalArgumentException.class,
                () -> d.withIdleConnectionTimeout(Duration.ofMillis(500))).getMessage());
    }
}
