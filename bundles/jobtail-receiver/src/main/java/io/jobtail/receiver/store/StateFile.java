package io.jobtail.receiver.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads and writes {@code <file>.state.json}:
 * {@code {"format":1,"status":"STREAMING","bytes":123,"updated":"2026-…Z","reason":null,"cut":false}}.
 *
 * <p>Writes go to a temporary file that is then moved over the state file atomically, so a reader
 * sees the old state or the new one, never half of one. Callers serialise writes of one log.
 */
final class StateFile {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateFile() {
    }

    /**
     * Writes {@code state} to {@code paths.state()} through {@code paths.stateTemp()}, opened by
     * {@code opener}.
     *
     * @param durable force the bytes to disk before the move: for status changes, which must
     *                survive a crash; progress updates skip it (the data file's length is the truth).
     *                Unforced, a power loss may keep the move but not the bytes, leaving a file
     *                that reads as {@link InvalidStateException}
     */
    static void write(ChannelOpener opener, LogPaths paths, LogState state, boolean durable) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("status", state.status().name());
        node.put("bytes", state.bytes());
        node.put("updated", state.updated().toString());
        node.put("reason", state.reason());
        node.put("cut", state.cut());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        try (FileChannel ch = opener.open(paths.stateTemp(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (durable) {
                ch.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(paths.stateTemp());
            throw e;
        }
        Files.move(paths.stateTemp(), paths.state(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Reads a state file.
     *
     * @return empty if there is none
     * @throws InvalidStateException it was read but does not hold a state (the message says which file)
     * @throws IOException             it cannot be read
     */
    static Optional<LogState> read(Path state) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(state);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidStateException("state file " + state + " does not hold a JSON object", null);
            }
            LogStatus status = LogStatus.valueOf(node.path("status").asText());
            long size = node.path("bytes").asLong(-1);
            Instant updated = Instant.parse(node.path("updated").asText());
            JsonNode reason = node.path("reason");
            return Optional.of(new LogState(status, Math.max(0, size), updated,
                    reason.isTextual() ? reason.asText() : null, node.path("cut").asBoolean(false)));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidStateException("state file " + state + " is not a valid log state: " + e.getMessage(), e);
        }
    }

    /**
     * A state file that was read but does not hold a state: torn by a power loss during an
     * unforced write, or written by something else.
     */
    static final class InvalidStateException extends IOException {
        InvalidStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
