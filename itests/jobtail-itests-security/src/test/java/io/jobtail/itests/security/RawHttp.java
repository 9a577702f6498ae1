package io.jobtail.itests.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a fresh socket, so a test can send what no well-behaved client
 * would: NUL and control characters in headers, repeated headers, lying lengths, raw paths. One
 * request per connection ({@code Connection: close}); every read is bounded by a 20 s socket
 * timeout and the reply by 16 MiB. Stateless and thread-safe.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 20_000;
    private static final int MAX_REPLY = 16 * 1024 * 1024;

    private final String host;
    private final int port;

    RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** What the server answered; {@code status} -1 when it closed the connection without a reply. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /**
     * Sends {@code head} (request line and headers, each line ending CRLF, without the blank line;
     * bytes as given, ISO-8859-1) and then the body, adding {@code Connection: close} and, unless
     * the head has one, a {@code Content-Length} of the body.
     */
    Reply send(String head, byte[] body) throws IOException {
        StringBuilder h = new StringBuilder(head);
        if (!head.toLowerCase(Locale.ROOT).contains("\r\ncontent-length:")
                && !head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding:")) {
            h.append("Content-Length: ").append(body.length).append("\r\n");
        }
        h.append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException e) {
                // The server may refuse and close before reading everything; its reply is still there.
            }
            return read(socket.getInputStream());
        }
    }

    /** A POST to the message endpoint with these extra header lines (each ending CRLF). */
    Reply message(String rawPath, String token, String headerLines, byte[] body) throws IOException {
        return send("POST " + rawPath + " HTTP/1.1\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + headerLines, body);
    }

    Reply get(String rawPathAndQuery, String token) throws IOException {
        return send("GET " + rawPathAndQuery + " HTTP/1.1\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n"),
                new byte[0]);
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = in.read(buf)) >= 0 && all.size() < MAX_REPLY) {
                all.write(buf, 0, n);
            }
        } catch (IOException e) {
            // a reset after the reply: keep what arrived
        }
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            return new Reply(-1, Map.of(), bytes);
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        String chunked = headers.get("transfer-encoding");
        if (chunked != null && chunked.equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, pos, body.length), new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(body, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(body, pos, Math.min(size, body.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
