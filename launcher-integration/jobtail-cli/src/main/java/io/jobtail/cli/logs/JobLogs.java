package io.jobtail.cli.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's answer to a log query: site → log text for the sites that have the log, and
 * site → reason for those that do not, both in the server's order; and site → reason for the
 * logs the server holds only in part because their stream ended badly (TIMEOUT, ERROR, ABORTED).
 */
public final class JobLogs {
  private final Map<String, String> logs;
  private final Map<String, String> unavailable;
  private final Map<String, String> incomplete;

  public JobLogs(Map<String, String> logs, Map<String, String> unavailable) {
    this(logs, unavailable, Map.of());
  }

  public JobLogs(Map<String, String> logs, Map<String, String> unavailable, Map<String, String> incomplete) {
    this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
    this.unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
    this.incomplete = Collections.unmodifiableMap(new LinkedHashMap<>(incomplete));
  }

  /** Site → why the copy the server holds is only partial; empty when every copy is whole or still streaming. */
  public Map<String, String> incomplete() {
    return incomplete;
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
    LinkedHashMap<String, String> mergedIncomplete = new LinkedHashMap<>(incomplete);
    fallback.incomplete.forEach((site, reason) -> {
      if (!logs.containsKey(site)) {
        mergedIncomplete.putIfAbsent(site, reason);
      }
    });
    return new JobLogs(mergedLogs, mergedUnavailable, mergedIncomplete);
  }
}
