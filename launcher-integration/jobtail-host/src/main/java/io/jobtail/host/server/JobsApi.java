package io.jobtail.host.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.jobtail.api.Names;
import io.jobtail.api.Workspace;
import io.jobtail.host.Json;
import io.jobtail.transport.http.RouteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The query API under {@value #PREFIX} (DESIGN §6), served on the server's HttpMessageServer behind
 * its authentication; only the {@value #ADMIN} principal may use it (sites get 403).
 *
 * <pre>
 * GET  /v1/jobs                                 {"jobs": [summary...]}
 * POST /v1/jobs                                 submit: {"name", "sites"?, "components"?, "work", "logging"?} → summary
 * GET  /v1/jobs/{job}                           summary
 * POST /v1/jobs/{job}/abort                     summary
 * POST /v1/jobs/{job}/log-config                {"level", "site"} → summary; 409 JOB_ENDED once ended
 * GET  /v1/jobs/{job}/logs?site=&amp;file=          {"logs": {site: text}, "unavailable": {site: reason},
 *                                               "incomplete": {site: reason}} (copies whose stream ended badly)
 * GET  /v1/jobs/{job}/logs/{site}/{file}?start=N  raw bytes, Jobtail-Log-Size, Jobtail-Log-Complete
 * </pre>
 * Errors are {@code {"error": CODE, "message": ...}}: 400 naming the bad value, 404
 * {@code JOB_NOT_FOUND} or {@code LOG_NOT_FOUND}, 405, 409. Runs on server worker threads;
 * stateless apart from the registry, which is thread-safe.
 */
public final class JobsApi implements RouteHandler {
    public static final String PREFIX = "/v1/jobs";
    public static final String ADMIN = "admin";
    public static final String SIZE_HEADER = "Jobtail-Log-Size";
    public static final String COMPLETE_HEADER = "Jobtail-Log-Complete";
    static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final int MAX_SUBMIT_BYTES = 1024 * 1024;
    /** Store statuses of a copy that will get no more bytes although its sender did not finish. */
    static final Set<String> BROKEN_STREAM = Set.of("TIMEOUT", "ERROR", "ABORTED");

    private final JobRegistry registry;
    private final LogReader logs;
    private final ServerJobLog serverLog;
    private final Supplier<List<String>> knownSites;

    /** @param knownSites the sites a job runs on when it names none (every provisioned site but admin) */
    public JobsApi(JobRegistry registry, LogReader logs, ServerJobLog serverLog, Supplier<List<String>> knownSites) {
        this.registry = registry;
        this.logs = logs;
        this.serverLog = serverLog;
        this.knownSites = knownSites;
    }

    /** An answer the handler sends: status, content and extra headers. */
    record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
        static Reply json(int status, Object value) {
            try {
                return new Reply(status, Json.MAPPER.writeValueAsBytes(value), "application/json", Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply error(int status, String code, String message) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("error", code);
            m.put("message", message);
            return json(status, m);
        }
    }

    @Override
    public void handle(String principal, HttpExchange exchange) throws IOException {
        Reply reply;
        if (!ADMIN.equals(principal)) {
            reply = Reply.error(403, "FORBIDDEN", "the query API is for the " + ADMIN + " credential, not site \"" + principal + "\"");
        } else {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_SUBMIT_BYTES + 1);
            }
            reply = handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), body);
        }
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /** The whole API without HTTP: what unit tests call. */
    Reply handle(String method, String rawPath, String rawQuery, byte[] body) {
        try {
            List<String> segments = segments(rawPath);
            Map<String, String> query = query(rawQuery);
            if (segments.isEmpty()) {
                if ("GET".equals(method)) {
                    List<Object> jobs = new ArrayList<>();
                    registry.list().forEach(j -> jobs.add(j.summary()));
                    return Reply.json(200, Map.of("jobs", jobs));
                }
                if ("POST".equals(method)) {
                    return submit(body);
                }
                return Reply.error(405, "METHOD_NOT_ALLOWED", method + " " + PREFIX + " is not supported (GET or POST)");
            }
            String jobId = segments.get(0);
            String problem = Names.problem(jobId);
            if (problem != null) {
                return Reply.error(400, "INVALID_ARGS", "job id " + Names.quote(jobId) + " is not allowed: " + problem);
            }
            Optional<JobRecord> job = registry.get(jobId);
            if (job.isEmpty()) {
                return Reply.error(404, "JOB_NOT_FOUND", "job " + Names.quote(jobId) + " does not exist");
            }
            String action = segments.size() > 1 ? segments.get(1) : "";
            if (segments.size() == 1 && "GET".equals(method)) {
                return Reply.json(200, job.get().summary());
            }
            if (segments.size() == 2 && "abort".equals(action) && "POST".equals(method)) {
                boolean wasEnded = job.get().status().ended();
                JobRecord aborted = registry.abort(jobId);
                if (!wasEnded) {
                    serverLog.append(jobId, "abort requested; job is " + aborted.status());
                }
                return Reply.json(200, aborted.summary());
            }
            if (segments.size() == 2 && "log-config".equals(action) && "POST".equals(method)) {
                return logConfig(job.get(), body);
            }
            if (segments.size() == 2 && "logs".equals(action) && "GET".equals(method)) {
                return queryLogs(job.get(), query.getOrDefault("site", "server"), query.getOrDefault("file", "log.txt"));
            }
            if (segments.size() == 4 && "logs".equals(action) && "GET".equals(method)) {
                return range(job.get(), segments.get(2), segments.get(3), query.get("start"));
            }
            return Reply.error(404, "NOT_FOUND", method + " " + rawPath + " is not part of the Jobtail API");
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "INVALID_ARGS", e.getMessage());
        } catch (IOException e) {
            return Reply.error(500, "INTERNAL_ERROR", e.toString());
        }
    }

    private Reply submit(byte[] body) throws IOException {
        if (body.length > MAX_SUBMIT_BYTES) {
            throw new IllegalArgumentException("job definition is larger than " + MAX_SUBMIT_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("job definition is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("job definition must be a JSON object");
        }
        ObjectNode config = ((ObjectNode) root).deepCopy();
        String name = config.has("name") ? config.remove("name").asText() : "job";
        List<String> sites = new ArrayList<>();
        JsonNode siteList = config.remove("sites");
        if (siteList == null || siteList.isNull()) {
            sites.addAll(knownSites.get());
        } else if (siteList.isArray()) {
            for (JsonNode s : siteList) {
                sites.add(Names.requireSafe("site name", s.asText()));
            }
        } else {
            throw new IllegalArgumentException("\"sites\" must be a list of site names, not " + siteList);
        }
        JsonNode work = config.get("work");
        if (work == null || !work.isObject() || !(work.has("main_class") || work.has("command"))) {
            throw new IllegalArgumentException("\"work\" must be an object with \"main_class\" or \"command\"");
        }
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("the job names no sites and the server knows none");
        }
        JobRecord job = registry.submit(name, sites, config);
        serverLog.append(job.jobId(), "job " + job.jobId() + " (" + name + ") submitted for sites " + sites);
        return Reply.json(200, job.summary());
    }

    private Reply logConfig(JobRecord job, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("log-config body is not JSON: " + e.getMessage());
        }
        String level = root != null && root.hasNonNull("level") ? root.get("level").asText().toUpperCase(java.util.Locale.ROOT) : null;
        if (level == null || !LEVELS.contains(level)) {
            throw new IllegalArgumentException("level " + Names.quote(level) + " is not one of " + new java.util.TreeSet<>(LEVELS));
        }
        String site = root.hasNonNull("site") ? root.get("site").asText() : "all";
        if (!"all".equals(site)) {
            Names.requireSafe("site name", site);
        }
        try {
            JobRecord updated = registry.setLogLevel(job.jobId(), site, level);
            serverLog.append(job.jobId(), "log level " + level + " requested for " + site);
            return Reply.json(200, updated.summary());
        } catch (IllegalStateException ended) {
            return Reply.error(409, "JOB_ENDED", "job " + job.jobId() + " has ended (" + job.status()
                    + "); its log level can no longer be changed");
        }
    }

    private Reply queryLogs(JobRecord job, String site, String file) throws IOException {
        Names.requireSafe("log file name", file);
        List<String> sites = new ArrayList<>();
        if ("all".equals(site)) {
            sites.add("server");
            sites.addAll(job.sites());
        } else {
            if (!"server".equals(site)) {
                Names.requireSafe("site name", site);
            }
            sites.add(site);
        }
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> incomplete = new LinkedHashMap<>();
        for (String s : sites) {
            Optional<String> text = logs.tail(job.jobId(), s, file);
            if (text.isPresent()) {
                found.put(s, text.get());
                Optional<String> status = "server".equals(s) ? Optional.empty() : logs.status(job.jobId(), s, file);
                if (status.isPresent() && BROKEN_STREAM.contains(status.get())) {
                    incomplete.put(s, file + " is incomplete: its stream ended " + status.get()
                            + (status.get().equals("TIMEOUT") ? " (the sender went silent, e.g. the job process died)" : "")
                            + "; the server keeps the " + java.nio.file.Files.size(logs.file(job.jobId(), s, file))
                            + " bytes it received");
                }
            } else {
                unavailable.put(s, "server".equals(s) ? "the server has no " + file + " for job " + job.jobId()
                        : "site " + s + " has not streamed " + file + " of job " + job.jobId() + " to the server");
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("logs", found);
        result.put("unavailable", unavailable);
        if (!incomplete.isEmpty()) {
            result.put("incomplete", incomplete);
        }
        return Reply.json(200, result);
    }

    private Reply range(JobRecord job, String site, String file, String startText) throws IOException {
        if (!"server".equals(site)) {
            Names.requireSafe("site name", site);
        }
        Names.requireSafe("log file name", file);
        Workspace.checkRelative(file);
        long start = 0;
        if (startText != null) {
            try {
                start = Long.parseLong(startText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("start must be a whole number of bytes, not " + Names.quote(startText));
            }
        }
        java.nio.file.Path path = logs.file(job.jobId(), site, file);
        if (!Files.isRegularFile(path)) {
            return Reply.error(404, "LOG_NOT_FOUND", "no " + file + " of site " + site + " for job " + job.jobId() + " yet");
        }
        // read the state before the bytes: a log seen complete is then read to its very end
        boolean jobEnded = registry.get(job.jobId()).map(j -> j.status().ended()).orElse(false);
        boolean streamEnded = "server".equals(site) || logs.status(job.jobId(), site, file).map(s -> !"STREAMING".equals(s)).orElse(true);
        LogReader.Range range = LogReader.read(path, start, LogReader.RANGE_LIMIT);
        long size = Files.size(path);
        boolean complete = jobEnded && streamEnded && range.next() >= size;
        Map<String, String> headers = Map.of(SIZE_HEADER, Long.toString(range.next()), COMPLETE_HEADER, Boolean.toString(complete));
        return new Reply(200, range.bytes(), "application/octet-stream", headers);
    }

    private static List<String> segments(String rawPath) {
        String rest = rawPath.length() > PREFIX.length() ? rawPath.substring(PREFIX.length()) : "";
        List<String> segments = new ArrayList<>();
        for (String s : rest.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> map = new LinkedHashMap<>();
        if (rawQuery == null) {
            return map;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.putIfAbsent(key, value);
        }
        return map;
    }
}
