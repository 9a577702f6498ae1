package io.jobtail.transport.http.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.jobtail.api.Names;
import io.jobtail.api.messaging.Destination;
import io.jobtail.api.messaging.Message;
import io.jobtail.api.messaging.MessageHandler;
import io.jobtail.api.messaging.Peer;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.transport.http.HttpTransportOptions;
import io.jobtail.transport.http.RouteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/messages/{channel}/{topic}}: validates one request, hands it to the registered
 * {@link MessageHandler} with the authenticated {@link Peer}, and writes the reply.
 *
 * <p>Everything a client controls is checked before any handler runs; a refused request never
 * reaches one. The body is read only once a handler exists, and never past the limit.
 * Thread-safe; runs on server worker threads.
 */
public final class MessageEndpoint implements RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MessageEndpoint.class);
    private static final Set<String> TARGETS = Set.of(Destination.SERVER, Destination.SERVER_PARENT);

    private final BiFunction<String, String, MessageHandler> handlers;
    private final HttpTransportOptions options;

    /** @param handlers finds the handler for (channel, topic), or null */
    public MessageEndpoint(BiFunction<String, String, MessageHandler> handlers, HttpTransportOptions options) {
        this.handlers = handlers;
        this.options = options;
    }

    @Override
    public void handle(String principal, HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            Responses.text(exchange, 405, exchange.getRequestMethod() + " is not allowed here; use POST");
            return;
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        String[] path = rawPath.startsWith(Wire.MESSAGES_PATH)
                ? rawPath.substring(Wire.MESSAGES_PATH.length()).split("/", -1)
                : new String[0];
        if (path.length != 2) {
            Responses.text(exchange, 400, "expected " + Wire.MESSAGES_PATH + "{channel}/{topic}, got "
                    + Names.quote(rawPath));
            return;
        }
        String channel = path[0];
        String topic = path[1];
        Headers in = exchange.getRequestHeaders();
        String problem = nameProblem("channel", channel);
        problem = problem != null ? problem : nameProblem("topic", topic);
        String jobId = null;
        if (problem == null) {
            jobId = single(in, Wire.JOB);
            problem = jobId == null ? repeated(in, Wire.JOB) : nameProblem(Wire.JOB + " (job id)", jobId);
        }
        if (problem == null) {
            problem = targetProblem(in);
        }
        Map<String, String> headers = null;
        if (problem == null) {
            String json = single(in, Wire.HEADERS);
            problem = repeated(in, Wire.HEADERS);
            if (problem == null && json != null && json.length() > options.maxHeadersBytes()) {
                problem = Wire.HEADERS + " is " + json.length() + " characters long, over the limit of "
                        + options.maxHeadersBytes();
            }
            if (problem == null) {
                try {
                    headers = json == null ? Map.of() : Wire.decodeHeaders(json);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
        }
        if (problem != null) {
            Responses.text(exchange, 400, problem);
            return;
        }

        String announced = in.getFirst("Content-Length");
        long length = -1;
        if (announced != null) {
            try {
                length = Long.parseLong(announced.strip());
            } catch (NumberFormatException e) {
                Responses.text(exchange, 400, "Content-Length is not a number: " + Names.quote(announced));
                return;
            }
            if (length > options.maxBodyBytes()) {
                Responses.text(exchange, 413, tooLarge(length + " bytes"));
                return;
            }
        }

        MessageHandler handler = handlers.apply(channel, topic);
        Peer peer = new Peer(principal, jobId);
        if (handler == null) {
            String detail = "no handler registered for " + channel + "/" + topic;
            exchange.getResponseHeaders().set(Wire.HEADERS,
                    Wire.encodeHeaders(Message.reply(ReturnCode.NO_HANDLER, detail).headers()));
            Responses.text(exchange, 404, detail);
            return;
        }

        byte[] body;
        try (InputStream bodyIn = exchange.getRequestBody()) {
            if (length >= 0) {
                // Into an array of the announced size: one allocation and no copying, where reading
                // to the limit collects 8 KiB pieces and joins them (a 1 MiB chunk: 128 pieces).
                body = new byte[(int) length];
                int read = bodyIn.readNBytes(body, 0, body.length);
                if (read < body.length) {
                    Responses.text(exchange, 400, "the request body ended after " + read + " of the "
                            + body.length + " bytes its Content-Length announced");
                    return;
                }
            } else {
                // Chunked bodies announce nothing: read one byte past the limit to know it was passed.
                body = bodyIn.readNBytes(options.maxBodyBytes() + 1);
            }
        }
        if (body.length > options.maxBodyBytes()) {
            Responses.text(exchange, 413, tooLarge("more than " + options.maxBodyBytes() + " bytes"));
            return;
        }

        IoDeadlines.Deadline deadline = IoDeadlines.current();
        deadline.disarm(); // handler time is the application's, not the client's
        Message reply = call(handler, peer, channel, topic, Message.of(headers, body));
        deadline.arm();
        writeReply(exchange, reply);
    }

    /** Runs a handler as the Messenger contract asks: an exception or a null becomes a reply. */
    public static Message call(MessageHandler handler, Peer peer, String channel, String topic, Message request) {
        try {
            Message reply = handler.handle(peer, request);
            if (reply == null) {
                LOG.warn("handler for {}/{} returned no reply to {}", channel, topic, peer);
                return Message.reply(ReturnCode.EXECUTION_EXCEPTION, "the handler for " + channel + "/" + topic
                        + " returned no reply");
            }
            return reply;
        } catch (RuntimeException e) {
            LOG.warn("handler for {}/{} failed on a request from {}; replying EXECUTION_EXCEPTION",
                    channel, topic, peer, e);
            String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            return Message.reply(ReturnCode.EXECUTION_EXCEPTION, detail);
        }
    }

    private static void writeReply(HttpExchange exchange, Message reply) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set(Wire.HEADERS, Wire.encodeHeaders(reply.headers()));
        out.set("Content-Type", Wire.OCTET_STREAM);
        byte[] body = reply.body();
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private String tooLarge(String size) {
        return "the request body of " + size + " is over the limit of " + options.maxBodyBytes() + " bytes";
    }

    private static String targetProblem(Headers in) {
        String problem = repeated(in, Wire.TARGET);
        if (problem != null) {
            return problem;
        }
        String target = in.getFirst(Wire.TARGET);
        if (target != null && !TARGETS.contains(target)) {
            return Wire.TARGET + " " + Names.quote(target) + " is not served here (this server serves "
                    + Destination.SERVER + " and " + Destination.SERVER_PARENT + ")";
        }
        return null;
    }

    private static String nameProblem(String what, String value) {
        String problem = Names.problem(value);
        return problem == null ? null : what + " " + Names.quote(value) + " is not allowed: " + problem;
    }

    /** The header's value when given exactly once, else null. */
    private static String single(Headers in, String name) {
        List<String> values = in.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private static String repeated(Headers in, String name) {
        List<String> values = in.get(name);
        return values != null && values.size() > 1 ? name + " given " + values.size() + " times" : null;
    }
}
