package io.jobtail.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.host.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads the logs the server holds: a site's copy in the log store
 * ({@code <store>/<job>/<site>/<file>} with {@code <file>.state.json} beside it, written by the log
 * receiver) and the server's own job log. Stateless apart from its paths; thread-safe.
 */
public final class LogReader {
    /** The most the query endpoint returns per site, like the original. */
    public static final int QUERY_LIMIT = 5 * 1024 * 1024;
    /** The most one byte-range answer carries. */
    public static final int RANGE_LIMIT = 1024 * 1024;

    private final Path store;
    private final ServerJobLog serverLog;

    public LogReader(Path store, ServerJobLog serverLog) {
        this.store = store;
        this.serverLog = serverLog;
    }

    public Path store() {
        return store;
    }

    /** Where a log is held: the server's own log for {@code server}, else the store copy. */
    public Path file(String jobId, String site, String file) {
        if ("server".equals(site)) {
            return "log.txt".equals(file) ? serverLog.file(jobId) : serverLog.file(jobId).resolveSibling(file);
        }
        return store.resolve(jobId).resolve(site).resolve(file);
    }

    /** The receiver's status of a stored log ({@code STREAMING}, {@code COMPLETE}, ...), if it wrote one. */
    public Optional<String> status(String jobId, String site, String file) {
        Path state = file(jobId, site, file).resolveSibling(file + ".state.json");
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(state));
            return node != null && node.hasNonNull("status") ? Optional.of(node.get("status").asText()) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // a state file replaced while read: treat as still streaming, the next poll sees it
            return Optional.of("STREAMING");
        }
    }

    /** The last {@value #QUERY_LIMIT} bytes of a log as text, cut at a character boundary; empty if it does not exist. */
    public Optional<String> tail(String jobId, String site, String file) throws IOException {
        Path path = file(jobId, site, file);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Range range = read(path, -QUERY_LIMIT, QUERY_LIMIT);
        byte[] bytes = range.bytes();
        int start = 0;
        if (range.next() - bytes.length > 0) {
            while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
                start++; // skip the tail of a character cut at the front
            }
        }
        return Optional.of(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }

    /** Bytes from {@code start} (negative: from the end), and the offset after them. */
    public record Range(byte[] bytes, long next) {
    }

    /** Reads at most {@code limit} bytes of {@code path} from {@code start}. */
    public static Range read(Path path, long start, int limit) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = start < 0 ? Math.max(0, size + start) : Math.min(start, size);
            int length = (int) Math.min(limit, size - from);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = buffer.position() == length ? buffer.array()
                    : java.util.Arrays.copyOf(buffer.array(), buffer.position());
            return new Range(bytes, from + bytes.length);
        }
    }
}
