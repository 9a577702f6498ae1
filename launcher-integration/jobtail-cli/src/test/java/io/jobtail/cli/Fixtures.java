package io.jobtail.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test inputs and hand-written expected outputs from {@code src/test/resources/logs}. */
public final class Fixtures {
  private Fixtures() {}

  public static String input(String name) {
    return read("/logs/input/" + name);
  }

  public static String expected(String name) {
    return read("/logs/expected/" + name);
  }

  private static String read(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
