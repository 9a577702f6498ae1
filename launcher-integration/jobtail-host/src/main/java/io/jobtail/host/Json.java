package io.jobtail.host;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the host; {@link ObjectMapper} is thread-safe once configured. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
