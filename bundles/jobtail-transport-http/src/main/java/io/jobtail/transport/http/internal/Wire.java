package io.jobtail.transport.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jobtail.api.Names;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire format both ends share: paths, header names and the {@code Jobtail-Headers} JSON.
 *
 * <p>Thread-safe (the Jackson mapper is configured once and only read).
 */
public final class Wire {
    /** Requests go to {@code MESSAGES_PATH + channel + "/" + topic}. */
    public static final String MESSAGES_PATH = "/v1/messages/";
    /** The message headers as one JSON object of string to string, on requests and replies. */
    public static final String HEADERS = "Jobtail-Headers";
    /** The destination's target process ({@code server}, {@code server_parent}). */
    public static final String TARGET = "Jobtail-Target";
    /** The job the request speaks for; optional, a safe name. */
    public static final String JOB = "Jobtail-Job";
    public static final String OCTET_STREAM = "application/octet-stream";
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    // Non-ASCII is escaped so the value survives HTTP's ISO-8859-1 header encoding unchanged;
    // duplicate keys are refused rather than silently resolved to the last one.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Wire() {
    }

    /** The headers as one line of printable ASCII JSON, fit for an HTTP header value. */
    public static String encodeHeaders(Map<String, String> headers) {
        try {
            // JSON leaves DEL unescaped, HTTP refuses it; it can only occur inside a string.
            return JSON.writeValueAsString(headers).replace("\u007f", "\\u007f");
        } catch (JsonProcessingException e) {
            // A Map<String, String> always serialises; this would be a Jackson bug.
            throw new IllegalStateException("cannot encode message headers " + headers.keySet(), e);
        }
    }

    /**
     * Parses a {@code Jobtail-Headers} value.
     *
     * @throws IllegalArgumentException saying what is wrong, fit for a 400 body
     */
    public static Map<String, String> decodeHeaders(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(HEADERS + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(HEADERS + " must be a JSON object of strings, not "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException(HEADERS + ": the value of " + Names.quote(field.getKey())
                        + " must be a string, not " + field.getValue().getNodeType().toString().toLowerCase());
            }
            headers.put(field.getKey(), field.getValue().textValue());
        }
        return headers;
    }
}
