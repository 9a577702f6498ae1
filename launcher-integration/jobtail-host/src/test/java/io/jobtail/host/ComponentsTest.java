package io.jobtail.host;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComponentsTest {
    @Test
    void unknownComponentTypeIsNamedWithTheFile() throws Exception {
        var doc = Json.MAPPER.readTree("{\"components\":[{\"id\":\"x\",\"path\":\"no.such.Type\",\"args\":{}}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Components.discover().create(doc, "server.json"));
        assertTrue(e.getMessage().contains("no.such.Type") && e.getMessage().contains("server.json"), e.getMessage());
    }

    @Test
    void noComponentsMeansNoWidgets() throws Exception {
        assertTrue(Components.discover().create(Json.MAPPER.readTree("{}"), "site.json").isEmpty());
    }
}
