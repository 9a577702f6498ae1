package io.jobtail.transport.http.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Short plain-text responses: the reasons a person reads when a request was refused. */
public final class Responses {
    private Responses() {
    }

    /** Sends {@code status} with {@code text} as the whole body. */
    public static void text(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", Wire.TEXT_PLAIN);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }
}
