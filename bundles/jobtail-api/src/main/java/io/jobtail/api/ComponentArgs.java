package io.jobtail.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, checked access to a component's {@code args} object from a job config.
 *
 * <p>Every error names the component, the argument and the bad value, so a person can fix the
 * config without reading code. Durations are given in seconds, as numbers, like the original.
 */
public final class ComponentArgs {
    private final String component;
    private final Map<String, Object> args;

    /**
     * @param component the component's name for messages, e.g. {@code JobLogStreamer}
     * @param args the parsed {@code args} object; null means none
     */
    public ComponentArgs(String component, Map<String, ?> args) {
        this.component = Objects.requireNonNull(component, "component");
        this.args = args == null ? Map.of() : Map.copyOf(args);
    }

    /**
     * Refuses arguments the component does not know, so a typo does not silently fall back to a default.
     *
     * @throws IllegalArgumentException listing the unknown and the known names
     */
    public ComponentArgs requireKnown(Set<String> known) {
        Set<String> unknown = new TreeSet<>(args.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(component + ": unknown argument(s) " + unknown
                    + " (known: " + new TreeSet<>(known) + ")");
        }
        return this;
    }

    public boolean has(String name) {
        return args.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof String)) {
            throw bad(name, v, "a string");
        }
        return (String) v;
    }

    public boolean bool(String name, boolean defaultValue) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean)) {
            throw bad(name, v, "true or false");
        }
        return (Boolean) v;
    }

    /** A positive whole number that fits an int. */
    public int positiveInt(String name, int defaultValue) {
        long v = positiveLong(name, defaultValue);
        if (v > Integer.MAX_VALUE) {
            throw bad(name, args.get(name), "a positive whole number up to " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A positive whole number. */
    public long positiveLong(String name, long defaultValue) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())
                || ((Number) v).doubleValue() <= 0 || ((Number) v).doubleValue() > Long.MAX_VALUE) {
            throw bad(name, v, "a positive whole number");
        }
        return ((Number) v).longValue();
    }

    /** A positive number of seconds. */
    public Duration positiveSeconds(String name, Duration defaultValue) {
        return seconds(name, defaultValue, false);
    }

    /** A number of seconds that may be zero (meaning "off"), never negative. */
    public Duration nonNegativeSeconds(String name, Duration defaultValue) {
        return seconds(name, defaultValue, true);
    }

    private Duration seconds(String name, Duration defaultValue, boolean zeroAllowed) {
        Object v = args.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Number)) {
            throw bad(name, v, zeroAllowed ? "a number of seconds (0 or more)" : "a positive number of seconds");
        }
        double s = ((Number) v).doubleValue();
        if (Double.isNaN(s) || Double.isInfinite(s) || s < 0 || (!zeroAllowed && s == 0) || s > 1e9) {
            throw bad(name, v, zeroAllowed ? "a number of seconds (0 or more)" : "a positive number of seconds");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private IllegalArgumentException bad(String name, Object value, String expected) {
        String shown = value instanceof String ? Names.quote((String) value) : String.valueOf(value);
        return new IllegalArgumentException(component + ": argument " + name + " must be " + expected
                + ", not " + shown);
    }
}
