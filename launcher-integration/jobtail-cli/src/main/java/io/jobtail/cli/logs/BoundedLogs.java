package io.jobtail.cli.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logs of several sites after {@link LogBounds}: the kept text and a summary per site, in the
 * order the sites came in, and whether anything was truncated or the since filter applied anywhere.
 */
public final class BoundedLogs {
  private final Map<String, String> logs;
  private final Map<String, SiteSummary> sites;
  private final boolean truncated;
  private final boolean sinceApplied;

  BoundedLogs(LinkedHashMap<String, String> logs, LinkedHashMap<String, SiteSummary> sites,
      boolean truncated, boolean sinceApplied) {
    this.logs = Collections.unmodifiableMap(logs);
    this.sites = Collections.unmodifiableMap(sites);
    this.truncated = truncated;
    this.sinceApplied = sinceApplied;
  }

  /** Site → kept text, in input order. */
  public Map<String, String> logs() {
    return logs;
  }

  /** Site → summary, in input order. */
  public Map<String, SiteSummary> sites() {
    return sites;
  }

  /** Whether the tail or the byte limit dropped anything in any site. */
  public boolean truncated() {
    return truncated;
  }

  /** Whether the since filter found timestamps (and so applied) in any site. */
  public boolean sinceApplied() {
    return sinceApplied;
  }
}
