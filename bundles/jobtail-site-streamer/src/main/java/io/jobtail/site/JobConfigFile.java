package io.jobtail.site;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobtail.api.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deployed job config ({@code config_fed_client.json}) read into memory for editing.
 *
 * <p>Reading is bounded, because the config comes from whoever submitted the job: at most
 * {@link #MAX_BYTES} bytes, at most {@link #MAX_NESTING_DEPTH} levels of nesting, and only a
 * regular file (never a symbolic link, a FIFO that would block the reader, or a directory). Numbers
 * are kept as written: decimals are read as exact {@link BigDecimal}s with their trailing zeros, so
 * {@code 1.10} is written back as {@code 1.10}, and integers beyond {@code long} stay exact. Key
 * order is kept. Only the pretty-printing whitespace may change on write. Duplicate keys resolve
 * as they do in the job process's own parser, the last one winning.
 *
 * <p>Not thread-safe: one instance belongs to one event handler call.
 */
final class JobConfigFile {
    /** The largest config read; bigger ones are refused rather than buffered. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    /**
     * The deepest nesting read. Below Jackson's write limit (1000), so whatever was read can always be
     * written back; real job configs nest a handful of levels.
     */
    static final int MAX_NESTING_DEPTH = 500;

    static final String COMPONENTS = "components";
    static final String ID = "id";
    static final String PATH = "path";
    static final String ARGS = "args";
    static final String LOG_FILE_NAME = "log_file_name";

    private static final String STREAMER_SIMPLE_NAME = "JobLogStreamer";

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxDocumentLength(MAX_BYTES)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

    /**
     * Nodes that mean the same to a reader: equal, or numbers of equal value (an injected
     * {@code 30} is held as a decimal but reads back as an integer).
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private final Path file;
    private final ObjectNode root;

    private JobConfigFile(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file} with the {@link #MAX_BYTES} limit. */
    static JobConfigFile read(Path file) throws IOException {
        return read(file, MAX_BYTES);
    }

    /**
     * Reads and checks {@code file}. Blocks for one bounded file read.
     *
     * @throws InvalidConfigException if the file is not a regular file, is too large, is not JSON, its
     *     top level is not an object or its {@code components} is not an array
     * @throws IOException if the file cannot be read ({@link java.nio.file.NoSuchFileException} if it is gone)
     */
    static JobConfigFile read(Path file, long maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new InvalidConfigException("it is a symbolic link; only a regular file is edited");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidConfigException("it is not a regular file");
        }
        if (attributes.size() > maxBytes) {
            throw new InvalidConfigException("it is " + attributes.size() + " bytes, more than the limit of "
                    + maxBytes + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw new InvalidConfigException("it grew past the limit of " + maxBytes + " bytes while being read");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("it is not valid JSON: " + describe(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidConfigException("it is empty");
        }
        if (!root.isObject()) {
            throw new InvalidConfigException("its top level is " + kind(root) + ", not a JSON object");
        }
        JsonNode components = root.get(COMPONENTS);
        if (components != null && !components.isNull() && !components.isArray()) {
            throw new InvalidConfigException("its \"" + COMPONENTS + "\" is " + kind(components)
                    + ", not an array");
        }
        return new JobConfigFile(file, (ObjectNode) root);
    }

    Path path() {
        return file;
    }

    /** The parsed top-level object; tests compare it. */
    ObjectNode root() {
        return root;
    }

    /**
     * Removes every component that is a {@code JobLogStreamer}, whatever file it streams.
     *
     * @return how many were removed
     */
    int removeJobLogStreamers() {
        ArrayNode components = components();
        if (components == null) {
            return 0;
        }
        int removed = 0;
        for (int i = components.size() - 1; i >= 0; i--) {
            if (isJobLogStreamer(components.get(i))) {
                components.remove(i);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Whether a {@code JobLogStreamer} already streams {@code logFileName}. One streaming another file
     * does not count: each file needs its own streamer.
     */
    boolean hasJobLogStreamerFor(String logFileName) {
        ArrayNode components = components();
        if (components == null) {
            return false;
        }
        for (JsonNode component : components) {
            if (isJobLogStreamer(component) && sameFile(logFileOf(component), logFileName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends {@code {"id": ..., "path": path, "args": args}} to {@code components}, creating it if
     * missing. The id is {@code preferredId}, or {@code preferredId_2}, {@code _3}, … if taken.
     *
     * @param args values that are strings, booleans or {@link BigDecimal}s
     * @return the id used
     */
    String appendComponent(String preferredId, String path, Map<String, ?> args) {
        ArrayNode components = components();
        if (components == null) {
            components = root.putArray(COMPONENTS);
        }
        String id = uniqueId(components, preferredId);
        ObjectNode entry = components.addObject();
        entry.put(ID, id);
        entry.put(PATH, path);
        ObjectNode argsNode = entry.putObject(ARGS);
        args.forEach((name, value) -> {
            if (value instanceof String) {
                argsNode.put(name, (String) value);
            } else if (value instanceof Boolean) {
                argsNode.put(name, (Boolean) value);
            } else if (value instanceof BigDecimal) {
                argsNode.put(name, (BigDecimal) value);
            } else {
                throw new IllegalArgumentException("argument " + name + " has unsupported type "
                        + (value == null ? "null" : value.getClass().getName()));
            }
        });
        return id;
    }

    /**
     * The config as it would be written: pretty-printed UTF-8 JSON ending in a newline, checked to
     * read back as exactly the same tree. The check costs one more parse; it is what makes sure
     * that no value the job reads changes, whatever the config holds (a string with a lone UTF-16
     * surrogate, for one, cannot be written as UTF-8 and would come back as something else).
     *
     * @throws InvalidConfigException the written text would not read back the same
     */
    byte[] toBytes() throws IOException {
        String text = WRITER.writeValueAsString(root);
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        JsonNode again;
        try {
            again = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("written back it would not be valid JSON (" + describe(e) + ")", e);
        }
        if (!root.equals(SAME_VALUE, again)) {
            throw new InvalidConfigException("written back it would not read the same (it holds text that UTF-8"
                    + " cannot carry, such as a lone surrogate)");
        }
        return bytes;
    }

    /** Writes the config back through {@code replacer}; blocks for one file write. */
    void write(FileReplacer replacer) throws IOException {
        replacer.replace(file, toBytes());
    }

    /** Whether a config entry declares a {@code JobLogStreamer}, by its {@code path}. */
    static boolean isJobLogStreamer(JsonNode component) {
        JsonNode path = component.get(PATH);
        if (path == null || !path.isTextual()) {
            return false;
        }
        String type = path.textValue();
        return type.equals(SiteLogStreamer.JOB_LOG_STREAMER_TYPE)
                || type.substring(type.lastIndexOf('.') + 1).equals(STREAMER_SIMPLE_NAME);
    }

    /** The file a streamer entry streams ({@code log.txt} unless set), or null if it is not a string. */
    private static String logFileOf(JsonNode component) {
        JsonNode args = component.get(ARGS);
        if (args == null || !args.isObject()) {
            return Workspace.LOG_FILE;
        }
        JsonNode name = args.get(LOG_FILE_NAME);
        if (name == null || name.isNull()) {
            return Workspace.LOG_FILE;
        }
        return name.isTextual() ? name.textValue() : null;
    }

    /** Equal names, or names of the same file relative to the job directory ({@code ./log.txt}). */
    private static boolean sameFile(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        try {
            return Path.of(a).normalize().equals(Path.of(b).normalize());
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private ArrayNode components() {
        JsonNode components = root.get(COMPONENTS);
        return components instanceof ArrayNode ? (ArrayNode) components : null;
    }

    private static String uniqueId(ArrayNode components, String preferredId) {
        Set<String> taken = new HashSet<>();
        for (JsonNode component : components) {
            JsonNode id = component.get(ID);
            if (id != null && id.isTextual()) {
                taken.add(id.textValue());
            }
        }
        if (!taken.contains(preferredId)) {
            return preferredId;
        }
        for (int n = 2; ; n++) {
            String candidate = preferredId + "_" + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String kind(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column "
                + location.getColumnNr() + ")";
        return Objects.toString(e.getOriginalMessage(), e.getClass().getSimpleName()) + where;
    }

    /** The config is there but cannot be edited safely; the message says what is wrong with it. */
    static final class InvalidConfigException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidConfigException(String problem) {
            super(problem);
        }

        InvalidConfigException(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        // Two-space indents and "key": value, like the original's json.dump(indent=2).
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
