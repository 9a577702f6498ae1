package io.jobtail.cli.logs;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prints logs for people, as the original CLI did.
 *
 * <ul>
 *   <li>One named site that has its log, and nothing unavailable: the log alone, no header.
 *   <li>Otherwise each log under a {@code ===== site =====} header, the server first and the rest
 *       in the server's order, one blank line between sections.
 *   <li>A log always ends with a newline on screen; an empty one shows as {@code (no log content)}.
 *   <li>Unavailable sites: a blank line on stdout after the logs (when there are logs), then
 *       {@code Unavailable logs:} and one {@code site: reason} line per site, sorted, on stderr.
 * </ul>
 *
 * <p>Text is written as UTF-8 whatever the streams' charset. Not thread-safe.
 */
public final class HumanLogsRenderer {
  private final PrintStream out;
  private final PrintStream err;

  public HumanLogsRenderer(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * The logs as people read them: JSON logs rendered by {@link JsonLogRecords#renderAsText}, other
   * logs unchanged. The original did this before filtering, so filters see the rendered lines.
   */
  public static Map<String, String> forPeople(Map<String, String> logs) {
    Map<String, String> rendered = new LinkedHashMap<>();
    logs.forEach((site, text) ->
        rendered.put(site, JsonLogRecords.looksLikeJsonLog(text) ? JsonLogRecords.renderAsText(text) : text));
    return rendered;
  }

  /** Prints {@code logs} for {@code target} ({@code server}, {@code all} or a site). */
  public void render(String target, Map<String, String> logs, Map<String, String> unavailable) {
    render(target, logs, unavailable, Set.of());
  }

  /**
   * As {@link #render(String, Map, Map)}, but an empty log of a site in {@code stillGrowing} prints
   * nothing instead of {@code (no log content)}: more is coming ({@code --follow}). Returns the
   * sites in the order they were printed.
   */
  public List<String> render(
      String target, Map<String, String> logs, Map<String, String> unavailable, Set<String> stillGrowing) {
    List<String> order = new ArrayList<>();
    if (!"all".equals(target) && logs.containsKey(target) && logs.size() == 1 && unavailable.isEmpty()) {
      printLog(logs.get(target), stillGrowing.contains(target));
      order.add(target);
      return order;
    }
    if (logs.containsKey("server")) {
      order.add("server");
    }
    for (String site : logs.keySet()) {
      if (!"server".equals(site)) {
        order.add(site);
      }
    }
    for (int i = 0; i < order.size(); i++) {
      if (i > 0) {
        write(out, "\n");
      }
      write(out, header(order.get(i)) + "\n");
      printLog(logs.get(order.get(i)), stillGrowing.contains(order.get(i)));
    }
    if (!unavailable.isEmpty()) {
      if (!logs.isEmpty()) {
        write(out, "\n");
      }
      write(err, "Unavailable logs:\n");
      for (String site : new TreeSet<>(unavailable.keySet())) {
        write(err, site + ": " + unavailable.get(site) + "\n");
      }
    }
    return order;
  }

  /** The section header of {@code site}. */
  public static String header(String site) {
    return "===== " + site + " =====";
  }

  private void printLog(String text, boolean growing) {
    if (!text.isEmpty()) {
      write(out, text.endsWith("\n") ? text : text + "\n");
    } else if (!growing) {
      write(out, "(no log content)\n");
    }
  }

  private static void write(PrintStream stream, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }
}
