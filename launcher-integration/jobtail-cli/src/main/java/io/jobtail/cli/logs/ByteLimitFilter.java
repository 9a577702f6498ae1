package io.jobtail.cli.logs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps at most the last N bytes (UTF-8) of a log without splitting a character: when the cut
 * falls inside a multi-byte character, that character's remaining bytes are dropped too, so the
 * result may be a few bytes shorter than N.
 *
 * <p>The original CLI kept the <em>first</em> N bytes ({@code encoded[:max_bytes]}); Jobtail keeps
 * the last ones, the newest part of the log, like the tail and the server's own 5 MiB cut.
 */
public final class ByteLimitFilter {
  /** The kept text and whether bytes were dropped. */
  public record Result(String text, boolean truncated) {}

  private ByteLimitFilter() {}

  /**
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public static Result apply(String text, Integer maxBytes) {
    if (maxBytes == null) {
      return new Result(text, false);
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes < 0: " + maxBytes);
    }
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    if (encoded.length <= maxBytes) {
      return new Result(text, false);
    }
    int start = encoded.length - maxBytes;
    while (start < encoded.length && (encoded[start] & 0xC0) == 0x80) {
      start++; // a continuation byte: the character it belongs to began before the cut
    }
    return new Result(new String(Arrays.copyOfRange(encoded, start, encoded.length), StandardCharsets.UTF_8), true);
  }
}
