package io.jobtail.cli;

import io.jobtail.cli.logs.BoundedLogs;
import io.jobtail.cli.logs.HumanLogsRenderer;
import io.jobtail.cli.logs.JobLogs;
import io.jobtail.cli.logs.JsonLogsRenderer;
import io.jobtail.cli.logs.LogBounds;
import io.jobtail.cli.logs.LogFilters;
import io.jobtail.cli.logs.SinceParser;
import io.jobtail.cli.output.CliFailure;
import io.jobtail.cli.output.ErrorCode;
import io.jobtail.cli.output.ErrorOutput;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jobtail logs JOB}: prints a job's logs from the server's log store, filtered, for people
 * or as JSON, or follows them while the job runs.
 *
 * <p>Behaviour is the original {@code nvflare job logs}'s: without {@code --file} the human output
 * asks for {@code log.txt} and falls back to {@code log.json} per missing site ({@code --json} the
 * other way round); JSON logs are rendered as text for people before the filters run; filters run
 * per site in the order since, tail, max-bytes, with a 500-line tail when none is given; a named
 * client site without a log is {@code LOG_NOT_FOUND} (exit 1) while an unavailable {@code server}
 * log is only reported on stderr. Exit codes are those of {@link io.jobtail.cli.output.ExitCode}.
 *
 * <p>Register it as a subcommand: {@code @Command(name = "jobtail", subcommands = LogsCommand.class)},
 * or {@code commandLine.addSubcommand(new LogsCommand(...))} to inject its collaborators.
 * Arguments are validated here, before anything is sent, so that an invalid value exits with
 * {@code INVALID_ARGS} (4) naming it; register {@link InvalidArgumentsHandler} for the errors
 * picocli itself detects.
 */
@Command(
    name = "logs",
    description = "Print a job's logs from the Jobtail server, or follow them while the job runs.",
    sortOptions = false)
public final class LogsCommand implements Callable<Integer> {
  /** The server used when neither --server nor JOBTAIL_SERVER is given. */
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8443";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  static final String SERVER_ENV = "JOBTAIL_SERVER";
  static final String TOKEN_FILE_ENV = "JOBTAIL_TOKEN_FILE";

  @Parameters(index = "0", paramLabel = "JOB", description = "The job ID.")
  String jobId;

  @Option(names = {"--site", "--sites"}, paramLabel = "SITE", defaultValue = "server",
      description = "server (default), all, or a site name. Client logs must have been streamed to the server.")
  String site;

  @Option(names = "--file", paramLabel = "FILE",
      description = "Log file name (default: log.txt, falling back to log.json; with --json: log.json, "
          + "falling back to log.txt).")
  String file;

  @Option(names = "--tail", paramLabel = "N",
      description = "At most the last N lines per site; applied after --since.")
  String tail;

  @Option(names = "--since", paramLabel = "TIME",
      description = "Lines at or after TIME: an ISO timestamp (2026-04-28T10:00:00, ...Z, ...+02:00) or a "
          + "duration back from now (90s, 10m, 2h, 1d). Any explicit bound disables the default 500-line tail.")
  String since;

  @Option(names = "--max-bytes", paramLabel = "N",
      description = "At most the last N bytes per site, never splitting a character; applied after --since and --tail.")
  String maxBytes;

  @Option(names = "--follow",
      description = "Keep printing new log output until the log is complete (human output only).")
  boolean follow;

  @Option(names = "--json", description = "Print one JSON envelope on stdout.")
  boolean json;

  /** {@code --server} and {@code --token-file}, declared here so that they follow {@code --json} in the help. */
  @Mixin ServerConnection connection = new ServerConnection();

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClientFactory httpClients;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final Function<String, String> environment;

  /** The production command: system clock, stdout/stderr, real HTTP, the process environment. */
  public LogsCommand() {
    this(Clock.systemDefaultZone(), System.out, System.err, HttpClientFactory.standard());
  }

  public LogsCommand(Clock clock, PrintStream out, PrintStream err, HttpClientFactory httpClients) {
    this(clock, out, err, httpClients, Sleeper.system(), DEFAULT_POLL_INTERVAL, System::getenv);
  }

  /**
   * @param environment looks up {@value #SERVER_ENV} and {@value #TOKEN_FILE_ENV}; returns null when unset
   */
  public LogsCommand(Clock clock, PrintStream out, PrintStream err, HttpClientFactory httpClients,
      Sleeper sleeper, Duration pollInterval, Function<String, String> environment) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.httpClients = Objects.requireNonNull(httpClients, "httpClients");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("pollInterval < 0: " + pollInterval);
    }
    this.pollInterval = pollInterval;
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** Runs the command and returns its exit code; every failure is written before returning. */
  @Override
  public Integer call() {
    try {
      Request request = validate();
      LogsApi api = new LogsApi(httpClients.create(), request.server, request.token, jobId);
      if (follow) {
        return follow(api, request);
      }
      return printOnce(api, request);
    } catch (CliFailure failure) {
      return ErrorOutput.write(failure, json, out, err);
    } catch (RuntimeException bug) {
      return ErrorOutput.write(new CliFailure(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred.",
          bug.getClass().getName() + ": " + bug.getMessage() + " (job '" + jobId + "', site '" + site + "')", bug),
          json, out, err);
    }
  }

  /** Valid arguments, ready to send. */
  private static final class Request {
    String server;
    String token;
    LogFilters filters;
  }

  private Request validate() throws CliFailure {
    if (jobId == null || jobId.isBlank()) {
      throw invalid("JOB must be a non-empty job ID, got '" + jobId + "'");
    }
    if (site == null || site.isBlank()) {
      throw invalid("--site must be server, all or a site name, got '" + site + "'");
    }
    if (file != null) {
      requireFileName(file);
    }
    Integer tailLines = nonNegative("--tail", tail);
    LocalDateTime sinceTime = null;
    if (since != null) {
      try {
        sinceTime = new SinceParser(clock).parse(since);
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
    }
    Integer byteLimit = nonNegative("--max-bytes", maxBytes);
    if (follow && json) {
      throw invalid("--follow cannot be combined with --json");
    }
    Request request = new Request();
    request.filters = LogFilters.of(tailLines, since, sinceTime, byteLimit);
    request.server = connection.serverUrl(environment);
    request.token = connection.bearerToken(environment);
    return request;
  }

  private int printOnce(LogsApi api, Request request) throws CliFailure {
    Query query = query(api);
    Map<String, String> logs = json ? query.result.logs() : HumanLogsRenderer.forPeople(query.result.logs());
    Map<String, String> unavailable = query.result.unavailable();
    if (!"all".equals(site) && !"server".equals(site) && unavailable.containsKey(site) && !logs.containsKey(site)) {
      throw new CliFailure(ErrorCode.LOG_NOT_FOUND,
          "No " + describeFile() + " log for site '" + site + "' of job '" + jobId + "'.", unavailable.get(site));
    }
    BoundedLogs bounded = LogBounds.apply(logs, request.filters);
    if (json) {
      ErrorOutput.writeLine(out, JsonLogsRenderer.render(jobId, site, bounded, unavailable, request.filters));
    } else {
      new HumanLogsRenderer(out, err).render(site, bounded.logs(), unavailable);
      Map<String, String> incomplete = query.result.incomplete();
      if (!incomplete.isEmpty()) {
        StringBuilder note = new StringBuilder("Incomplete logs:\n");
        incomplete.forEach((s, reason) -> note.append(s).append(": ").append(reason).append('\n'));
        err.print(note);
        err.flush();
      }
    }
    return 0;
  }

  private int follow(LogsApi api, Request request) throws CliFailure {
    Query query = query(api);
    List<String> sites = new ArrayList<>();
    if ("all".equals(site)) {
      sites.addAll(query.result.logs().keySet());
      query.result.unavailable().keySet().stream().filter(s -> !sites.contains(s)).forEach(sites::add);
    } else {
      sites.add(site);
    }
    Map<String, String> fileBySite = new LinkedHashMap<>();
    for (String s : sites) {
      fileBySite.put(s, query.fileBySite.getOrDefault(s, query.preferredFile));
    }
    new LogFollower(api, sleeper, pollInterval, out, err)
        .follow(site, sites, fileBySite, query.result.unavailable(), request.filters);
    return 0;
  }

  /** The server's answer, completed from the fallback file, and which file each site's log is. */
  private static final class Query {
    JobLogs result;
    String preferredFile;
    final Map<String, String> fileBySite = new LinkedHashMap<>();
  }

  private Query query(LogsApi api) throws CliFailure {
    Query query = new Query();
    query.preferredFile = file != null ? file : json ? "log.json" : "log.txt";
    query.result = api.fetch(site, query.preferredFile);
    query.result.logs().keySet().forEach(s -> query.fileBySite.put(s, query.preferredFile));
    if (file == null && query.result.needsFallback(site)) {
      String fallbackFile = json ? "log.txt" : "log.json";
      JobLogs fallback = api.fetch(site, fallbackFile);
      fallback.logs().keySet().forEach(s -> query.fileBySite.putIfAbsent(s, fallbackFile));
      query.result = query.result.mergeFallback(fallback);
    }
    return query;
  }

  private String describeFile() {
    if (file != null) {
      return "'" + file + "'";
    }
    return json ? "'log.json' or 'log.txt'" : "'log.txt' or 'log.json'";
  }

  private static Integer nonNegative(String option, String value) throws CliFailure {
    if (value == null) {
      return null;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw invalid(option + " must be a non-negative integer, got '" + value + "'");
    }
    if (parsed < 0) {
      throw invalid(option + " must be >= 0, got " + parsed);
    }
    return parsed;
  }

  private static void requireFileName(String name) throws CliFailure {
    boolean bad = name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 255
        || name.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
    if (bad) {
      throw invalid("--file must be a plain file name such as log.txt, got '" + name + "'");
    }
  }

  private static CliFailure invalid(String detail) {
    return new CliFailure(ErrorCode.INVALID_ARGS, "Invalid arguments.", detail);
  }
}
