package io.jobtail.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.cli.output.PythonJson;
import java.util.Iterator;
import java.util.Map;

/**
 * How the original CLI's Python saw the values of a parsed JSON log record: their truthiness
 * ({@code if not value}, {@code a or b}) and their {@code str()}. Needed so a record renders to the
 * same text as in the original even when a field is a number, a list or an object.
 */
final class PythonValues {
  private PythonValues() {}

  /** Python truthiness: null, false, 0, "", [] and {} are false. */
  static boolean truthy(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.isIntegralNumber() ? node.bigIntegerValue().signum() != 0 : node.doubleValue() != 0;
    }
    if (node.isTextual()) {
      return !node.textValue().isEmpty();
    }
    return node.size() > 0;
  }

  /** Python's {@code str(value)}. */
  static String str(JsonNode node) {
    return node.isTextual() ? node.textValue() : repr(node);
  }

  /** Python's {@code repr(value)} of what {@code json.loads} produced. */
  static String repr(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "None";
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "True" : "False";
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      return PythonJson.floatRepr(node.doubleValue());
    }
    if (node.isTextual()) {
      return reprString(node.textValue());
    }
    StringBuilder out = new StringBuilder();
    if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i > 0 ? ", " : "").append(repr(node.get(i)));
      }
      return out.append(']').toString();
    }
    out.append('{');
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    boolean first = true;
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      out.append(first ? "" : ", ").append(reprString(field.getKey())).append(": ").append(repr(field.getValue()));
      first = false;
    }
    return out.append('}').toString();
  }

  private static String reprString(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(quote).toString();
  }
}
