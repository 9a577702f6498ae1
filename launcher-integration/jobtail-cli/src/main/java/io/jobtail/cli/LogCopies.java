package io.jobtail.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Compares what a site wrote with the server's copy: the site's log is its rotated generations,
 * oldest first ({@code log.txt.N} … {@code log.txt.1}), then the current file.
 */
public final class LogCopies {
  private LogCopies() {}

  /** The result of one comparison. */
  public record Comparison(boolean identical, long siteBytes, long serverBytes, int rotations, String detail) {}

  /** The site's whole log: rotated generations in order, then the current file. */
  public static byte[] siteLog(Path current) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int n = rotations(current);
    for (int i = n; i >= 1; i--) {
      all.write(Files.readAllBytes(current.resolveSibling(current.getFileName() + "." + i)));
    }
    if (Files.exists(current)) {
      all.write(Files.readAllBytes(current));
    }
    return all.toByteArray();
  }

  /** How many rotated generations lie beside {@code current} ({@code .1} up to the first gap). */
  public static int rotations(Path current) {
    int n = 0;
    while (Files.exists(current.resolveSibling(current.getFileName() + "." + (n + 1)))) {
      n++;
    }
    return n;
  }

  public static Comparison compare(Path siteCurrent, Path serverCopy) throws IOException {
    byte[] site = siteLog(siteCurrent);
    if (!Files.exists(serverCopy)) {
      return new Comparison(false, site.length, 0, rotations(siteCurrent), "the server has no copy at " + serverCopy);
    }
    byte[] server = Files.readAllBytes(serverCopy);
    if (Arrays.equals(site, server)) {
      return new Comparison(true, site.length, server.length, rotations(siteCurrent), "identical");
    }
    int at = Arrays.mismatch(site, server);
    return new Comparison(false, site.length, server.length, rotations(siteCurrent),
        "first difference at byte " + at + " (site " + site.length + " bytes, server " + server.length + " bytes)");
  }
}
