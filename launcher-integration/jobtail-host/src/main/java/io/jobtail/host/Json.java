package io.jobtail.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one Jackson mapper of the host; {@link ObjectMapper} is thread-safe once configured. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /**
     * Reads an optional JSON config file.
     *
     * @return the parsed file, or null if it does not exist
     * @throws IllegalArgumentException naming the file if it is not valid JSON
     */
    public static JsonNode readIfExists(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
