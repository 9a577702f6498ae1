package io.jobtail.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes values as Python's {@code json.dumps(value)} does with its defaults, so our JSON output is
 * byte-identical to the original CLI's: {@code ", "} between items, {@code ": "} after keys, every
 * character outside printable ASCII escaped as {@code \}{@code uXXXX}, floats in Python's shortest
 * {@code repr} form ({@code 1.0}, {@code 1e+16}), {@code NaN} and {@code Infinity} as bare words.
 *
 * <p>Accepts {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence}, {@link Map} (keys
 * written with {@code String.valueOf}), {@link Iterable} and Jackson {@link JsonNode}s. Anything
 * else is written as its {@code toString()} string, like {@code json.dumps(..., default=str)}.
 */
public final class PythonJson {
  private PythonJson() {}

  /** The JSON text of {@code value}, on one line, without a trailing newline. */
  public static String dumps(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value) ? "true" : "false");
    } else if (value instanceof Double || value instanceof Float) {
      out.append(floatJson(((Number) value).doubleValue()));
    } else if (value instanceof BigDecimal) {
      out.append(floatJson(((BigDecimal) value).doubleValue()));
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof CharSequence) {
      writeString(value.toString(), out);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeString(String.valueOf(entry.getKey()), out);
        out.append(": ");
        write(entry.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof JsonNode) {
      writeNode((JsonNode) value, out);
    } else if (value instanceof Iterable) {
      out.append('[');
      boolean first = true;
      for (Object item : (Iterable<?>) value) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        write(item, out);
      }
      out.append(']');
    } else {
      writeString(value.toString(), out);
    }
  }

  private static void writeNode(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      boolean first = true;
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!first) {
          out.append(", ");
        }
        first = false;
        writeString(field.getKey(), out);
        out.append(": ");
        writeNode(field.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        writeNode(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      writeString(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else if (node.isNumber()) {
      out.append(floatJson(node.doubleValue()));
    } else {
      out.append("null");
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          // ensure_ascii: everything outside ' '..'~' is escaped, supplementary characters as
          // their two UTF-16 surrogates, which is exactly what Java's chars are.
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static String floatJson(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return floatRepr(d);
  }

  /**
   * Python's {@code repr(float)} of a finite double: the shortest digits that round-trip, in fixed
   * notation when the decimal exponent is in [-4, 16), otherwise as {@code 1.5e+16} / {@code 1e-05}.
   */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
    if (d == 0) {
      return sign + "0.0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    BigInteger unscaled = decimal.unscaledValue();
    String digits = unscaled.toString();
    int exponent = digits.length() - 1 - decimal.scale();
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.toPlainString();
      return sign + (plain.indexOf('.') >= 0 ? plain : plain + ".0");
    }
    StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    return out.append(abs).toString();
  }
}
