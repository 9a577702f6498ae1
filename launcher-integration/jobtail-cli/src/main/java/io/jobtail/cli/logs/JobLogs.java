package io.jobtail.cli.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's answer to a log query: site → log text for the sites that have the log, and
 * site → reason for those that do not, both in the server's order.
 */
public final class JobLogs {
  private final Map<String, String> logs;
  private final Map<String, String> unavailable;

  public JobLogs(Map<String, String> logs, Map<String, String> unavailable) {
    this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    this.unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
  }

  public Map<String, String> logs() {
    return logs;
  }

  public Map<String, String> unavailable() {
    return unavailable;
  }

  /**
   * Whether a second query for the other log file could help, as the original decided: some
   * requested site has no log (for {@code all}: some unavailable site), or no log came back at all.
   */
  public boolean needsFallback(String target) {
    if (!unavailable.isEmpty()) {
      if ("all".equals(target)) {
        return unavailable.keySet().stream().anyMatch(site -> !logs.containsKey(site));
      }
      return unavailable.containsKey(target);
    }
    return logs.isEmpty();
  }

  /**
   * This answer completed by {@code fallback}: sites missing here take the fallback's log (and
   * stop being unavailable); sites still without a log take the fallback's reason.
   */
  public JobLogs mergeFallback(JobLogs fallback) {
    LinkedHashMap<String, String> mergedLogs = new LinkedHashMap<>(logs);
    LinkedHashMap<String, String> mergedUnavailable = new LinkedHashMap<>(unavailable);
    for (Map.Entry<String, String> site : fallback.logs.entrySet()) {
      mergedLogs.putIfAbsent(site.getKey(), site.getValue());
      mergedUnavailable.remove(site.getKey());
    }
    for (Map.Entry<String, String> site : fallback.unavailable.entrySet()) {
      if (!mergedLogs.containsKey(site.getKey())) {
        mergedUnavailable.put(site.getKey(), site.getValue());
      }
    }
    return new JobLogs(mergedLogs, mergedUnavailable);
  }
}
