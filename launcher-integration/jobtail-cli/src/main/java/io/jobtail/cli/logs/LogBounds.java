package io.jobtail.cli.logs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies {@link LogFilters} to each site's log, in the original's order: since, then tail, then
 * max-bytes. So {@code --tail 10} counts the lines left by {@code --since}, and {@code --max-bytes}
 * cuts what the tail left.
 */
public final class LogBounds {
  private LogBounds() {}

  /** Bounds every log in {@code logs} (site → text); the input is not modified. */
  public static BoundedLogs apply(Map<String, String> logs, LogFilters filters) {
    LinkedHashMap<String, String> kept = new LinkedHashMap<>();
    LinkedHashMap<String, SiteSummary> sites = new LinkedHashMap<>();
    boolean anyTruncated = false;
    boolean sinceAppliedAnywhere = false;
    for (Map.Entry<String, String> site : logs.entrySet()) {
      String text = site.getValue();
      if (filters.since() != null) {
        SinceFilter.Result since = SinceFilter.apply(text, filters.since());
        text = since.text();
        sinceAppliedAnywhere |= since.applied();
      }
      TailFilter.Result tail = TailFilter.apply(text, filters.tail());
      ByteLimitFilter.Result bytes = ByteLimitFilter.apply(tail.text(), filters.maxBytes());
      text = bytes.text();
      boolean truncated = tail.truncated() || bytes.truncated();
      anyTruncated |= truncated;
      kept.put(site.getKey(), text);
      sites.put(site.getKey(),
          new SiteSummary(LogLines.count(text), text.getBytes(StandardCharsets.UTF_8).length, truncated));
    }
    return new BoundedLogs(kept, sites, anyTruncated, sinceAppliedAnywhere);
  }
}
