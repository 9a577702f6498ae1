package io.jobtail.cli.logs;

import io.jobtail.cli.output.JsonEnvelope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --json} result of {@code jobtail logs}: the original's payload inside the shared
 * {@link JsonEnvelope}.
 *
 * <pre>
 * {"job_id", "target", "logs": {site: text}, "logs_truncated",
 *  "sites": {site: {"available": true, "lines", "bytes", "logs_truncated"} | {"available": false, "reason"}},
 *  "filters": {"tail", "since", "since_applied", "max_bytes", "default_tail_applied"},
 *  "unavailable": {site: reason}}            (only when some site is unavailable)
 * </pre>
 *
 * {@code filters.tail} is the tail actually used (500 when defaulted), {@code filters.since} the
 * text the user gave.
 */
public final class JsonLogsRenderer {
  private JsonLogsRenderer() {}

  /** The payload ({@code data} of the envelope), as ordered maps. */
  public static Map<String, Object> payload(
      String jobId, String target, BoundedLogs bounded, Map<String, String> unavailable, LogFilters filters) {
    Map<String, Object> sites = new LinkedHashMap<>();
    bounded.sites().forEach((site, summary) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("available", true);
      entry.put("lines", summary.lines());
      entry.put("bytes", summary.bytes());
      entry.put("logs_truncated", summary.truncated());
      sites.put(site, entry);
    });
    unavailable.forEach((site, reason) -> {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("available", false);
      entry.put("reason", reason);
      sites.put(site, entry);
    });
    Map<String, Object> filterMap = new LinkedHashMap<>();
    filterMap.put("tail", filters.tail());
    filterMap.put("since", filters.sinceText());
    filterMap.put("since_applied", bounded.sinceApplied());
    filterMap.put("max_bytes", filters.maxBytes());
    filterMap.put("default_tail_applied", filters.defaultTailApplied());

    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("job_id", jobId);
    payload.put("target", target);
    payload.put("logs", bounded.logs());
    payload.put("logs_truncated", bounded.truncated());
    payload.put("sites", sites);
    payload.put("filters", filterMap);
    if (!unavailable.isEmpty()) {
      payload.put("unavailable", unavailable);
    }
    return payload;
  }

  /** The whole envelope text, without a trailing newline. */
  public static String render(
      String jobId, String target, BoundedLogs bounded, Map<String, String> unavailable, LogFilters filters) {
    return JsonEnvelope.ok(payload(jobId, target, bounded, unavailable, filters));
  }
}
