package io.jobtail.itests.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The log stream protocol spoken by hand over {@link RawHttp}, as a site with a real token could
 * speak it: any stream id, job, file name, offset and size, right or wrong. Stateless.
 */
final class LogStreamRequests {
    static final String PATH = "/v1/messages/log_streaming/live_log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RawHttp http;

    LogStreamRequests(RawHttp http) {
        this.http = http;
    }

    /** A reply to a stream request: HTTP status, and the message reply's rc, detail and held. */
    record StreamReply(RawHttp.Reply http, Map<String, String> headers) {
        String rc() {
            return headers.get("rc");
        }

        String detail() {
            return headers.get("detail");
        }

        long held() {
            return Long.parseLong(headers.get("jt-held"));
        }

        @Override
        public String toString() {
            return http.status() + " " + headers + " " + http.text();
        }
    }

    StreamReply open(String token, String job, String stream, String file) throws IOException {
        return open(token, job, stream, Map.of("jt-ctx-file", file, "jt-ctx-mode", "LIVE"));
    }

    StreamReply open(String token, String job, String stream, Map<String, String> properties) throws IOException {
        Map<String, String> h = base("OPEN", stream);
        h.putAll(properties);
        return send(token, job, h, new byte[0]);
    }

    StreamReply data(String token, String job, String stream, long offset, long size, byte[] body) throws IOException {
        Map<String, String> h = base("DATA", stream);
        h.put("jt-offset", Long.toString(offset));
        h.put("jt-size", Long.toString(size));
        return send(token, job, h, body);
    }

    StreamReply data(String token, String job, String stream, long offset, byte[] body) throws IOException {
        return data(token, job, stream, offset, body.length, body);
    }

    StreamReply end(String token, String job, String stream, long offset) throws IOException {
        Map<String, String> h = base("END", stream);
        h.put("jt-offset", Long.toString(offset));
        return send(token, job, h, new byte[0]);
    }

    StreamReply send(String token, String job, Map<String, String> headers, byte[] body) throws IOException {
        return raw(token, "Jobtail-Job: " + job + "\r\nJobtail-Headers: " + json(headers) + "\r\n", body);
    }

    /** A request with exactly these extra header lines (each ending CRLF). */
    StreamReply raw(String token, String headerLines, byte[] body) throws IOException {
        RawHttp.Reply reply = http.message(PATH, token, headerLines, body);
        Map<String, String> headers = new LinkedHashMap<>();
        String encoded = reply.header("Jobtail-Headers");
        if (encoded != null) {
            @SuppressWarnings("unchecked")
            Map<String, String> decoded = JSON.readValue(encoded, Map.class);
            headers.putAll(decoded);
        }
        return new StreamReply(reply, headers);
    }

    static Map<String, String> base(String kind, String stream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("jt-kind", kind);
        h.put("jt-stream", stream);
        return h;
    }

    static String json(Map<String, String> headers) {
        try {
            // Non-ASCII escaped, as the real client does, so it survives ISO-8859-1 headers.
            return JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
