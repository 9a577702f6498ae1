package io.jobtail.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobtail.host.Json;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A server's {@code <ws>/server.json}, read once and checked, with every path in it made absolute
 * against the server's workspace — not against the process's working directory, which is wherever
 * the server happened to be started from.
 *
 * <p>Keys the host reads: {@code components} (the server's widgets; each
 * {@value #RECEIVER_TYPE} entry's {@code args.dest_dir}, relative to the workspace, is where it
 * stores the sites' logs, default {@code <ws>/store}, and is passed on to the receiver absolute) and {@code hand_out_lease_seconds} (how long a
 * job handed to a site waits for the site's confirmation before it is offered again, default
 * {@link JobRegistry#DEFAULT_HAND_OUT_LEASE}). Immutable.
 */
public final class ServerConfig {
    public static final String FILE = "server.json";
    static final String RECEIVER_TYPE = "io.jobtail.receiver.JobLogReceiver";
    static final String DEST_DIR = "dest_dir";
    static final String HAND_OUT_LEASE = "hand_out_lease_seconds";

    private final JsonNode document;
    private final Path storeRoot;
    private final Duration handOutLease;

    private ServerConfig(JsonNode document, Path storeRoot, Duration handOutLease) {
        this.document = document;
        this.storeRoot = storeRoot;
        this.handOutLease = handOutLease;
    }

    /**
     * Reads {@code <ws>/server.json}, or the default (one log receiver storing into {@code <ws>/store}).
     *
     * @param ws the server's workspace, absolute
     * @throws IllegalArgumentException naming the file, the entry and the value: not valid JSON, a
     *     {@code dest_dir} that is not a directory path, a lease that is not a positive number
     */
    public static ServerConfig read(Path ws) {
        Path file = ws.resolve(FILE);
        JsonNode configured = Json.readIfExists(file);
        return of(configured == null ? defaults() : configured, ws, file.toString());
    }

    /** {@link #read} of an already parsed document; {@code where} names it in errors. */
    static ServerConfig of(JsonNode configured, Path ws, String where) {
        if (!configured.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object, not " + configured.getNodeType());
        }
        ObjectNode document = configured.deepCopy();
        Path store = null;
        JsonNode list = document.get("components");
        if (list != null && list.isArray()) {
            int index = 0;
            for (JsonNode entry : list) {
                if (entry.isObject() && RECEIVER_TYPE.equals(entry.path("path").asText())) {
                    String label = where + ": component #" + index
                            + (entry.hasNonNull("id") ? " (" + entry.get("id").asText() + ")" : "");
                    JsonNode args = entry.get("args");
                    if (args == null || args.isNull()) {
                        args = ((ObjectNode) entry).putObject("args");
                    }
                    if (args.isObject()) { // anything else is refused, naming the entry, when components are created
                        // without dest_dir the receiver would store in java.io.tmpdir, where the query API never looks
                        Path dest = args.has(DEST_DIR) ? destDir(args.get(DEST_DIR), ws, label) : ws.resolve("store");
                        ((ObjectNode) args).put(DEST_DIR, dest.toString());
                        if (store == null) {
                            store = dest;
                        }
                    }
                }
                index++;
            }
        }
        return new ServerConfig(document, store == null ? ws.resolve("store") : store, lease(document.get(HAND_OUT_LEASE), where));
    }

    private static ObjectNode defaults() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode receiver = root.putArray("components").addObject();
        receiver.put("id", "log_receiver");
        receiver.put("path", RECEIVER_TYPE);
        receiver.putObject("args").put(DEST_DIR, "store");
        return root;
    }

    /** A receiver's {@code dest_dir} made absolute against {@code ws}; refused unless it can be a directory. */
    static Path destDir(JsonNode value, Path ws, String label) {
        String bad = label + ": " + DEST_DIR + " " + value + " is not a directory path: ";
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(bad + "it must be a non-empty string");
        }
        Path dest;
        try {
            dest = ws.resolve(value.textValue()).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(bad + e.getMessage(), e);
        }
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
            throw new IllegalArgumentException(bad + dest + " exists and is not a directory");
        }
        return dest;
    }

    private static Duration lease(JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return JobRegistry.DEFAULT_HAND_OUT_LEASE;
        }
        double seconds = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(where + ": " + HAND_OUT_LEASE + " " + value
                    + " must be a positive number of seconds");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The document, every receiver's {@code dest_dir} absolute: what components are created from. */
    public JsonNode document() {
        return document;
    }

    /** Where the first configured log receiver stores (absolute), else {@code <ws>/store}. */
    public Path storeRoot() {
        return storeRoot;
    }

    /** How long a hand-out waits for the site's confirmation. */
    public Duration handOutLease() {
        return handOutLease;
    }
}
