package io.jobtail.cli.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jobtail.cli.output.PythonJson;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON log records (one JSON object per line, as Python's JSON log formatter writes {@code
 * log.json}): recognising such a log, reading a record's timestamp and rendering records for people
 * as {@code asctime - name - LEVEL - fl_ctx - message}.
 *
 * <p>Field fallbacks are the original CLI's: time from {@code asctime}, else {@code timestamp},
 * else {@code time}; logger from {@code name}, else {@code fullName}; level from {@code levelname},
 * else {@code level}; message from {@code message}, else {@code msg}. Empty parts are left out; a
 * record with none of them renders as its JSON text.
 */
public final class JsonLogRecords {
  private static final String[] TIME_KEYS = {"asctime", "timestamp", "time"};

  // Python's json.loads: NaN/Infinity accepted, trailing garbage refused, last duplicate key wins.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonLogRecords() {}

  /** The record on {@code line}, or empty when the line is not a JSON object. */
  public static Optional<JsonNode> parse(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code text} is a JSON log: its first non-blank line is a JSON object. */
  public static boolean looksLikeJsonLog(String text) {
    for (String line : LogLines.split(text, false)) {
      String stripped = line.strip();
      if (!stripped.isEmpty()) {
        return parse(stripped).isPresent();
      }
    }
    return false;
  }

  /**
   * The record's timestamp: the first of {@code asctime}, {@code timestamp}, {@code time} that is
   * set and parses as an ISO timestamp (see {@link IsoTimestamp}).
   */
  public static Optional<LocalDateTime> timestamp(JsonNode record) {
    for (String key : TIME_KEYS) {
      JsonNode value = record.get(key);
      if (!PythonValues.truthy(value)) {
        continue;
      }
      Optional<LocalDateTime> ts = IsoTimestamp.parse(PythonValues.str(value));
      if (ts.isPresent()) {
        return ts;
      }
    }
    return Optional.empty();
  }

  /** One record as a line of text, without a line terminator. */
  public static String format(JsonNode record) {
    List<String> parts = new ArrayList<>();
    addPart(parts, record, "asctime", "timestamp", "time");
    addPart(parts, record, "name", "fullName");
    addPart(parts, record, "levelname", "level");
    addPart(parts, record, "fl_ctx");
    addPart(parts, record, "message", "msg");
    return parts.isEmpty() ? PythonJson.dumps(record) : String.join(" - ", parts);
  }

  private static void addPart(List<String> parts, JsonNode record, String... keys) {
    for (String key : keys) {
      JsonNode value = record.get(key);
      if (PythonValues.truthy(value)) {
        parts.add(PythonValues.str(value));
        return;
      }
    }
  }

  /**
   * A JSON log rendered for people: each record formatted, other lines kept as they are, blank
   * lines dropped, every line ending in {@code \n}; {@code ""} when nothing is left.
   */
  public static String renderAsText(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : LogLines.split(text, false)) {
      String stripped = line.strip();
      if (stripped.isEmpty()) {
        continue;
      }
      Optional<JsonNode> record = parse(stripped);
      out.append(record.isPresent() ? format(record.get()) : line).append('\n');
    }
    return out.toString();
  }
}
