package io.jobtail.host;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Widget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Creates widgets from a {@code {"components": [{"id", "path", "args"}, ...]}} document, finding
 * each factory through {@link ServiceLoader} by its {@link ComponentFactory#type()} — never by a
 * compile-time reference, so a component bundle can be replaced without rebuilding the host.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class Components {
    private final Map<String, ComponentFactory> factories;

    private Components(Map<String, ComponentFactory> factories) {
        this.factories = factories;
    }

    /** The factories visible to {@code loader}. */
    public static Components discover(ClassLoader loader) {
        Map<String, ComponentFactory> found = new LinkedHashMap<>();
        for (ComponentFactory factory : ServiceLoader.load(ComponentFactory.class, loader)) {
            found.putIfAbsent(factory.type(), factory);
        }
        return new Components(found);
    }

    /** The factories on this class's class path. */
    public static Components discover() {
        return discover(Components.class.getClassLoader());
    }

    /** Whether a factory answers to {@code type}. */
    public boolean has(String type) {
        return factories.containsKey(type);
    }

    /**
     * Creates every component the document lists, in order.
     *
     * @param where the document's name for messages (a file path)
     * @throws IllegalArgumentException naming the document, the entry and what is wrong: not an
     *     object, no {@code path}, no factory for it on the class path, or bad {@code args}
     */
    public List<Widget> create(JsonNode document, String where) {
        List<Widget> widgets = new ArrayList<>();
        JsonNode list = document == null ? null : document.get("components");
        if (list == null || list.isNull()) {
            return widgets;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException(where + ": \"components\" must be a list, not " + list.getNodeType());
        }
        int index = 0;
        for (JsonNode entry : list) {
            String label = where + ": component #" + index + (entry.hasNonNull("id") ? " (" + entry.get("id").asText() + ")" : "");
            index++;
            if (!entry.isObject() || !entry.hasNonNull("path") || !entry.get("path").isTextual()) {
                throw new IllegalArgumentException(label + " must be an object with a \"path\" string");
            }
            String type = entry.get("path").textValue();
            ComponentFactory factory = factories.get(type);
            if (factory == null) {
                throw new IllegalArgumentException(label + ": no ComponentFactory of type \"" + type
                        + "\" on the class path (known: " + factories.keySet() + ")");
            }
            JsonNode args = entry.get("args");
            if (args != null && !args.isNull() && !args.isObject()) {
                throw new IllegalArgumentException(label + ": \"args\" must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> argMap = args == null || args.isNull() ? Map.of()
                    : Json.MAPPER.convertValue(args, Map.class);
            try {
                widgets.add(factory.create(argMap));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
            }
        }
        return widgets;
    }
}
