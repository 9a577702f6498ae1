package io.jobtail.api.messaging;

import io.jobtail.api.streaming.ReturnCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request or a reply: string headers and a byte payload.
 *
 * <p>Immutable: the {@code with…} methods return copies. The payload array is owned by the message
 * once passed in; neither side may change it afterwards (this avoids a copy per chunk).
 * Replies carry a {@link ReturnCode} in the {@value #RC} header and, for errors, a human-readable
 * reason in {@value #DETAIL}.
 */
public final class Message {
    /** Header holding a reply's {@link ReturnCode} name. */
    public static final String RC = "rc";
    /** Header holding a reply's human-readable explanation. */
    public static final String DETAIL = "detail";

    private static final byte[] EMPTY = new byte[0];

    private final Map<String, String> headers;
    private final byte[] body;

    private Message(Map<String, String> headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    /** A message with the given headers (copied) and payload (not copied). */
    public static Message of(Map<String, String> headers, byte[] body) {
        return new Message(Collections.unmodifiableMap(new LinkedHashMap<>(headers)), body == null ? EMPTY : body);
    }

    /** An empty message. */
    public static Message empty() {
        return new Message(Map.of(), EMPTY);
    }

    /** A reply with a return code and no explanation. */
    public static Message reply(ReturnCode rc) {
        return empty().with(RC, rc.name());
    }

    /** A reply with a return code and an explanation a person can act on. */
    public static Message reply(ReturnCode rc, String detail) {
        Message m = reply(rc);
        return detail == null ? m : m.with(DETAIL, detail);
    }

    /** A copy with one header set (or replaced). */
    public Message with(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of header " + name);
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Message(Collections.unmodifiableMap(copy), body);
    }

    /** A copy with a numeric header set. */
    public Message with(String name, long value) {
        return with(name, Long.toString(value));
    }

    /** A copy with another payload (not copied). */
    public Message withBody(byte[] newBody) {
        return new Message(headers, newBody == null ? EMPTY : newBody);
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /**
     * A numeric header.
     *
     * @throws IllegalArgumentException if it is missing or not a whole number, naming the header
     */
    public long longHeader(String name) {
        String v = headers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("header " + name + " is missing");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header " + name + " is not a whole number: \"" + v + "\"");
        }
    }

    /** The payload; do not modify it. */
    public byte[] body() {
        return body;
    }

    /**
     * The reply's return code: {@link ReturnCode#OK} when none is given, {@link ReturnCode#ERROR}
     * for a name this version does not know.
     */
    public ReturnCode returnCode() {
        String rc = headers.get(RC);
        return rc == null ? ReturnCode.OK : ReturnCode.parse(rc);
    }

    /** The reply's explanation, or an empty string. */
    public String detail() {
        String d = headers.get(DETAIL);
        return d == null ? "" : d;
    }

    @Override
    public String toString() {
        return "Message" + headers + "[" + body.length + " bytes]";
    }
}
