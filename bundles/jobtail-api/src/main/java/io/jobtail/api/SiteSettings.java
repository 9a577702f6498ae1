package io.jobtail.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A site's settings, as its operator wrote them (the original's {@code resources.json}).
 *
 * <p>The one Jobtail reads is the kill switch {@value #ALLOW_LOG_STREAMING}, on by default: when a
 * site turns it off, its jobs do not stream, its site process strips streamers from job configs,
 * and the server drops whatever it still sends. Immutable and thread-safe.
 */
public final class SiteSettings {
    /** The kill switch: a boolean, default true. */
    public static final String ALLOW_LOG_STREAMING = "allow_log_streaming";

    private static final SiteSettings DEFAULTS = new SiteSettings(Map.of());

    private final Map<String, Object> values;

    private SiteSettings(Map<String, Object> values) {
        this.values = values;
    }

    /** Settings with every default: streaming allowed. */
    public static SiteSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Settings from a parsed settings document.
     *
     * @throws IllegalArgumentException if {@value #ALLOW_LOG_STREAMING} is present but not a boolean
     *     (or the strings "true"/"false")
     */
    public static SiteSettings of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        parseBoolean(ALLOW_LOG_STREAMING, copy.get(ALLOW_LOG_STREAMING));
        return new SiteSettings(Collections.unmodifiableMap(copy));
    }

    /** Whether this site's jobs may stream their logs (default true). */
    public boolean allowLogStreaming() {
        Boolean b = parseBoolean(ALLOW_LOG_STREAMING, values.get(ALLOW_LOG_STREAMING));
        return b == null || b;
    }

    /** A raw setting. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** All settings, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    private static Boolean parseBoolean(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String s = ((String) value).trim();
            if (s.equalsIgnoreCase("true")) {
                return true;
            }
            if (s.equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw new IllegalArgumentException("site setting " + key + " must be true or false, not "
                + Names.quote(String.valueOf(value)));
    }

    @Override
    public String toString() {
        return "SiteSettings" + values;
    }
}
