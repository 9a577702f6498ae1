package io.jobtail.cli;

import io.jobtail.cli.logs.BoundedLogs;
import io.jobtail.cli.logs.HumanLogsRenderer;
import io.jobtail.cli.logs.JsonLogRecords;
import io.jobtail.cli.logs.LogBounds;
import io.jobtail.cli.logs.LogFilters;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code jobtail logs --follow}: prints what the filters give of each log, then the log's new bytes
 * as they reach the server, until every followed log is complete.
 *
 * <p>The first view is read from the byte endpoint (the last {@value #SNAPSHOT_BYTES} bytes, like
 * the query endpoint's cut) rather than the query endpoint, so that the offset to continue from is
 * exact: nothing is printed twice or skipped. While a log still grows, its last unterminated line is
 * held back from the first view and printed with the rest of that line.
 *
 * <p>New bytes are printed a whole line at a time (the rest of a log once it is complete), so that
 * JSON logs can be rendered record by record and, for {@code --site all}, lines of different sites
 * never mix. For {@code all}, the sites are polled in turn and a {@code ===== site =====} header is
 * printed whenever the output switches to another site, as {@code tail -f} does with several files.
 *
 * <p>A log that does not exist yet (404) is waited for while the job runs. Once the job has ended,
 * a log still missing one poll later will never come (the site streams its last bytes before it
 * reports the end): the follower says so on stderr and stops waiting for it, so {@code --follow}
 * always ends after its job. The follower polls every {@code interval}
 * through the injected {@link Sleeper}. Not thread-safe; runs on the caller's thread.
 */
final class LogFollower {
  /** How much of each log the first view reads: what the query endpoint returns at most. */
  static final int SNAPSHOT_BYTES = 5 * 1024 * 1024;

  private final LogsApi api;
  private final Sleeper sleeper;
  private final Duration interval;
  private final PrintStream out;
  private final PrintStream err;

  LogFollower(LogsApi api, Sleeper sleeper, Duration interval, PrintStream out, PrintStream err) {
    this.api = api;
    this.sleeper = sleeper;
    this.interval = interval;
    this.out = out;
    this.err = err;
  }

  /** One followed log: where to read next and the bytes of its unfinished line. */
  private static final class FollowedLog {
    final String site;
    final String file;
    final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    long offset;
    boolean complete;

    FollowedLog(String site, String file) {
      this.site = site;
      this.file = file;
    }
  }

  /**
   * Follows {@code sites} (in the server's order) until all are complete.
   *
   * @param target what the user asked for: {@code server}, {@code all} or a site
   * @param fileBySite which log file to follow for each site
   * @param knownUnavailable the server's reasons for sites that have no log yet
   */
  void follow(String target, List<String> sites, Map<String, String> fileBySite,
      Map<String, String> knownUnavailable, LogFilters filters) throws CliFailure {
    List<FollowedLog> followed = new ArrayList<>();
    Map<String, String> firstView = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    Set<String> growing = new LinkedHashSet<>();
    for (String site : sites) {
      FollowedLog log = new FollowedLog(site, fileBySite.get(site));
      followed.add(log);
      Optional<LogsApi.LogChunk> chunk = api.fetchFrom(site, log.file, -SNAPSHOT_BYTES);
      if (chunk.isEmpty()) {
        unavailable.put(site, knownUnavailable.getOrDefault(site, "log not available yet"));
        continue;
      }
      firstView.put(site, firstView(log, chunk.get()));
      if (!log.complete) {
        growing.add(site);
      }
    }
    BoundedLogs bounded = LogBounds.apply(HumanLogsRenderer.forPeople(firstView), filters);
    List<String> printed = new HumanLogsRenderer(out, err).render(target, bounded.logs(), unavailable, growing);

    boolean headers = "all".equals(target);
    String lastSite = headers && !printed.isEmpty() ? printed.get(printed.size() - 1) : null;
    followed.sort((a, b) -> Boolean.compare(!"server".equals(a.site), !"server".equals(b.site)));
    Optional<String> endedBefore = Optional.empty();
    while (true) {
      boolean missing = false;
      for (FollowedLog log : followed) {
        if (log.complete) {
          continue;
        }
        Optional<LogsApi.LogChunk> chunk = api.fetchFrom(log.site, log.file, log.offset);
        if (chunk.isEmpty()) {
          if (endedBefore.isPresent()) {
            log.complete = true; // the job had ended a poll ago and the log is still not there
            err.print(log.site + ": no " + log.file + " reached the server and job " + api.jobId() + " has ended ("
                + endedBefore.get() + "); not waiting for it\n");
            err.flush();
          } else {
            missing = true; // not on the server yet
          }
          continue;
        }
        log.pending.write(chunk.get().bytes(), 0, chunk.get().bytes().length);
        log.offset = chunk.get().nextOffset();
        log.complete = chunk.get().complete();
        byte[] ready = takeReady(log);
        if (ready.length > 0) {
          if (headers && !log.site.equals(lastSite)) {
            write((lastSite != null ? "\n" : "") + HumanLogsRenderer.header(log.site) + "\n");
            lastSite = log.site;
          }
          print(ready);
        }
      }
      if (followed.stream().allMatch(log -> log.complete)) {
        return;
      }
      if (missing) {
        endedBefore = api.endedStatus();
      }
      try {
        sleeper.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliFailure(ErrorCode.INTERNAL_ERROR, "Interrupted.", "while following the logs of " + sites, e);
      }
    }
  }

  /** The text of the first view; sets where to continue and keeps an unfinished last line back. */
  private static String firstView(FollowedLog log, LogsApi.LogChunk chunk) {
    byte[] bytes = chunk.bytes();
    int from = 0;
    if (chunk.start() > 0) {
      // The view starts inside the log: skip the rest of a character cut at its start.
      while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
        from++;
      }
    }
    log.offset = chunk.nextOffset();
    log.complete = chunk.complete();
    int end = bytes.length;
    if (!log.complete) {
      end = lastNewline(bytes, from) + 1;
      log.pending.write(bytes, end, bytes.length - end);
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }

  /** The pending bytes that can be printed: whole lines, or everything once the log is complete. */
  private static byte[] takeReady(FollowedLog log) {
    byte[] pending = log.pending.toByteArray();
    int end = log.complete ? pending.length : lastNewline(pending, 0) + 1;
    if (end <= 0) {
      return new byte[0];
    }
    log.pending.reset();
    log.pending.write(pending, end, pending.length - end);
    return Arrays.copyOf(pending, end);
  }

  /** The index of the last {@code \n} at or after {@code from}, or {@code from - 1}. */
  private static int lastNewline(byte[] bytes, int from) {
    for (int i = bytes.length - 1; i >= from; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return from - 1;
  }

  private void print(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (JsonLogRecords.looksLikeJsonLog(text)) {
      write(JsonLogRecords.renderAsText(text));
    } else {
      out.write(bytes, 0, bytes.length);
      out.flush();
    }
  }

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
    out.flush();
  }
}
