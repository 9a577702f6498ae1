package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Widget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SiteLogStreamerFactoryTest {

    @Test
    void serviceLoaderFindsTheFactoryByItsType() {
        List<ComponentFactory> factories = ServiceLoader.load(ComponentFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("io.jobtail.site.SiteLogStreamer"))
                .collect(Collectors.toList());

        assertEquals(1, factories.size());
        assertInstanceOf(SiteLogStreamerFactory.class, factories.get(0));
    }

    @Test
    void theFactoryCreatesAStreamerFromItsArgs() {
        Widget widget = new SiteLogStreamerFactory().create(Map.of("log_file_name", "error_log.txt",
                "poll_interval", 0.25));

        SiteLogStreamer streamer = assertInstanceOf(SiteLogStreamer.class, widget);
        assertEquals("error_log.txt", streamer.logFileName());
        assertEquals(Duration.ofMillis(250), streamer.pollInterval());
    }
}
