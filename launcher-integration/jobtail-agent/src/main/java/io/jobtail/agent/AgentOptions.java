package io.jobtail.agent;

import io.jobtail.api.Names;
import io.jobtail.job.JobLogStreamerSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent (and any other host of a job's streamer outside the reference launcher) is told,
 * checked: from the agent argument string {@code key=value,key=value} and from {@code JOBTAIL_<KEY>}
 * environment variables (upper case), the argument winning.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>env</th><th>meaning</th></tr>
 * <tr><td>{@code server}</td><td>{@code JOBTAIL_SERVER}</td><td>required: the server's URL, http or https</td></tr>
 * <tr><td>{@code token_file}</td><td>{@code JOBTAIL_TOKEN_FILE}</td><td>required: the site's token file</td></tr>
 * <tr><td>{@code job_id}</td><td>{@code JOBTAIL_JOB_ID}</td><td>required: the job the log belongs to</td></tr>
 * <tr><td>{@code site}</td><td>{@code JOBTAIL_SITE}</td><td>required: the site name (for messages;
 *     the server takes the site from the token)</td></tr>
 * <tr><td>{@code log_file}</td><td>{@code JOBTAIL_LOG_FILE}</td><td>the log to stream; relative
 *     to the working directory; default {@code log.txt}</td></tr>
 * <tr><td>{@code poll_interval}, {@code liveness_interval}, {@code retry_budget},
 *     {@code end_run_timeout}</td><td>{@code JOBTAIL_POLL_INTERVAL}, ...</td><td>seconds, as the
 *     {@code JobLogStreamer} arguments of the same names (0.5, 10, 60, 60)</td></tr>
 * <tr><td>{@code chunk_size}</td><td>{@code JOBTAIL_CHUNK_SIZE}</td><td>the most bytes one read of the log takes (1048576)</td></tr>
 * <tr><td>{@code hooks_wait}</td><td>{@code JOBTAIL_HOOKS_WAIT}</td><td>seconds the agent's shutdown
 *     hook waits for the JVM's other shutdown work before it drains and stops (10)</td></tr>
 * </table>
 *
 * @param logFile absolute and normalized, wherever it is: the agent runs with the operator's
 *     arguments, so it streams the file named here ({@code JobLogStreamer.forFile} checks that its
 *     file name is one the server can store)
 * @param streamer the checked {@code JobLogStreamer} intervals, chunk size, retry budget and end-run
 *     timeout; the log is {@code logFile}
 */
public record AgentOptions(URI server, Path tokenFile, String jobId, String site, Path logFile,
        JobLogStreamerSettings streamer, Duration hooksWait) {

    public static final String ENV_PREFIX = "JOBTAIL_";
    static final List<String> REQUIRED = List.of("server", "token_file", "job_id", "site");
    static final List<String> SECONDS = List.of(JobLogStreamerSettings.POLL_INTERVAL,
            JobLogStreamerSettings.LIVENESS_INTERVAL, JobLogStreamerSettings.RETRY_BUDGET,
            JobLogStreamerSettings.END_RUN_TIMEOUT);
    static final String LOG_FILE = "log_file";
    static final String HOOKS_WAIT = "hooks_wait";
    static final Duration DEFAULT_HOOKS_WAIT = Duration.ofSeconds(10);
    static final List<String> KNOWN = List.of("server", "token_file", "job_id", "site", LOG_FILE,
            JobLogStreamerSettings.POLL_INTERVAL, JobLogStreamerSettings.LIVENESS_INTERVAL,
            JobLogStreamerSettings.RETRY_BUDGET, JobLogStreamerSettings.END_RUN_TIMEOUT,
            JobLogStreamerSettings.CHUNK_SIZE, HOOKS_WAIT);

    /**
     * Parses and checks everything; the token file must be readable now, the log file need not exist yet.
     *
     * @param agentArgs the text after {@code =} in {@code -javaagent:jar=...}; null or blank for none
     * @param env the environment ({@code System.getenv()})
     * @param workingDir what a relative {@code log_file} is relative to
     * @throws IllegalArgumentException with one line naming the option (and its source) and what is wrong
     */
    public static AgentOptions parse(String agentArgs, Map<String, String> env, Path workingDir) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (String key : KNOWN) {
            String v = env.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT));
            if (v != null && !v.isBlank()) {
                values.put(key, v.strip());
                sources.put(key, ENV_PREFIX + key.toUpperCase(Locale.ROOT));
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String pair : agentArgs.split(",")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair.strip() : pair.substring(0, eq).strip();
                if (eq < 0 || key.isEmpty()) {
                    throw new IllegalArgumentException("agent argument \"" + pair + "\" is not key=value (known keys: "
                            + String.join(", ", KNOWN) + ")");
                }
                if (!KNOWN.contains(key)) {
                    throw new IllegalArgumentException("unknown agent option \"" + key + "\" (known: "
                            + String.join(", ", KNOWN) + ")");
                }
                values.put(key, pair.substring(eq + 1).strip());
                sources.put(key, "agent option " + key);
            }
        }
        for (String key : REQUIRED) {
            if (values.get(key) == null || values.get(key).isEmpty()) {
                throw new IllegalArgumentException("missing option " + key + " (agent option " + key + "=... or "
                        + ENV_PREFIX + key.toUpperCase(Locale.ROOT) + ")");
            }
        }
        URI server = server(values.get("server"), sources.get("server"));
        Path tokenFile = Path.of(values.get("token_file"));
        if (!Files.isReadable(tokenFile)) {
            throw new IllegalArgumentException(sources.get("token_file") + ": token file " + tokenFile.toAbsolutePath()
                    + " does not exist or cannot be read");
        }
        String jobId = name(values, sources, "job_id", "job id");
        String site = name(values, sources, "site", "site name");
        Path logFile = workingDir.resolve(values.getOrDefault(LOG_FILE, "log.txt")).toAbsolutePath().normalize();
        if (logFile.getFileName() == null || Files.isDirectory(logFile)) {
            throw new IllegalArgumentException(sources.getOrDefault(LOG_FILE, LOG_FILE) + ": " + logFile + " is a directory, not a log file");
        }
        Map<String, Object> streamerArgs = new LinkedHashMap<>();
        for (String key : SECONDS) {
            if (values.containsKey(key)) {
                streamerArgs.put(key, number(values.get(key), sources.get(key)).doubleValue());
            }
        }
        if (values.containsKey(JobLogStreamerSettings.CHUNK_SIZE)) {
            BigDecimal n = number(values.get(JobLogStreamerSettings.CHUNK_SIZE), sources.get(JobLogStreamerSettings.CHUNK_SIZE));
            streamerArgs.put(JobLogStreamerSettings.CHUNK_SIZE, n.stripTrailingZeros().scale() <= 0 ? (Object) n.longValue() : n.doubleValue());
        }
        JobLogStreamerSettings streamer = JobLogStreamerSettings.fromArgs(streamerArgs);
        Duration hooksWait = DEFAULT_HOOKS_WAIT;
        if (values.containsKey(HOOKS_WAIT)) {
            BigDecimal s = number(values.get(HOOKS_WAIT), sources.get(HOOKS_WAIT));
            if (s.signum() < 0) {
                throw new IllegalArgumentException(sources.get(HOOKS_WAIT) + " must be 0 or more seconds, not " + s);
            }
            hooksWait = Duration.ofNanos(s.movePointRight(9).longValue());
        }
        return new AgentOptions(server, tokenFile.toAbsolutePath(), jobId, site, logFile, streamer, hooksWait);
    }

    private static URI server(String value, String source) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(source + " must be an http:// or https:// URL with a host, not \"" + value + "\"");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(source + " is not a URL: \"" + value + "\" (" + e.getReason() + ")", e);
        }
    }

    private static String name(Map<String, String> values, Map<String, String> sources, String key, String what) {
        try {
            return Names.requireSafe(what, values.get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sources.get(key) + ": " + e.getMessage(), e);
        }
    }

    private static BigDecimal number(String value, String source) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a number, not \"" + value + "\"", e);
        }
    }
}
