package io.jobtail.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jobtail.cli.output.PythonJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Jobtail server on 127.0.0.1 and an ephemeral port that answers the two log endpoints of DESIGN §6
 * from logs the test declares. Records every request. Logs can grow: each read of the byte endpoint
 * reveals the next piece, and the last piece is reported complete.
 */
final class FakeJobtailServer implements AutoCloseable {
  /** A log revealed one piece per byte-endpoint read; 404 for the first {@code hiddenReads} reads. */
  static final class GrowingLog {
    private final List<byte[]> pieces;
    private int visible = 1;
    private int hiddenReads;

    GrowingLog(int hiddenReads, byte[]... pieces) {
      this.pieces = List.of(pieces);
      this.hiddenReads = hiddenReads;
    }

    static GrowingLog complete(String text) {
      return new GrowingLog(0, text.getBytes(StandardCharsets.UTF_8));
    }

    synchronized byte[] visibleBytes() {
      int size = pieces.stream().limit(visible).mapToInt(p -> p.length).sum();
      byte[] all = new byte[size];
      int at = 0;
      for (byte[] piece : pieces.subList(0, visible)) {
        System.arraycopy(piece, 0, all, at, piece.length);
        at += piece.length;
      }
      return all;
    }

    synchronized boolean hidden() {
      return hiddenReads > 0;
    }

    /** Serves one read of the byte endpoint: {bytes, next offset, complete}; then grows. */
    synchronized Object[] read(long start) {
      byte[] all = visibleBytes();
      int from = (int) (start < 0 ? Math.max(0, all.length + start) : Math.min(start, all.length));
      boolean complete = visible == pieces.size();
      if (visible < pieces.size()) {
        visible++;
      }
      return new Object[] {Arrays.copyOfRange(all, from, all.length), (long) all.length, complete};
    }
  }

  private final HttpServer http;
  /** job → site (declared order) → file → log. */
  private final Map<String, Map<String, Map<String, GrowingLog>>> jobs = new LinkedHashMap<>();
  private final Map<String, String> statuses = new java.util.HashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile String requiredToken;
  private volatile int failStatus;

  private FakeJobtailServer(HttpServer http) {
    this.http = http;
  }

  static FakeJobtailServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeJobtailServer server = new FakeJobtailServer(http);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Declares {@code site} of {@code job} (so that {@code site=all} lists it), with no logs yet. */
  synchronized FakeJobtailServer site(String job, String site) {
    jobs.computeIfAbsent(job, j -> new LinkedHashMap<>()).computeIfAbsent(site, s -> new LinkedHashMap<>());
    return this;
  }

  synchronized FakeJobtailServer log(String job, String site, String file, String text) {
    return log(job, site, file, GrowingLog.complete(text));
  }

  synchronized FakeJobtailServer log(String job, String site, String file, GrowingLog log) {
    site(job, site);
    jobs.get(job).get(site).put(file, log);
    return this;
  }

  /** Sets the status {@code GET /v1/jobs/{job}} answers (RUNNING until set). */
  synchronized FakeJobtailServer status(String job, String status) {
    statuses.put(job, status);
    return this;
  }

  void requireToken(String token) {
    requiredToken = token;
  }

  void failEveryRequestWith(int status) {
    failStatus = status;
  }

  List<String> requests() {
    return new ArrayList<>(requests);
  }

  List<String> authorizations() {
    return new ArrayList<>(authorizations);
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(String.valueOf(auth));
      if (failStatus != 0) {
        send(exchange, failStatus, "text/plain", "boom".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
        send(exchange, 401, "application/json", "{\"error\":\"UNAUTHORIZED\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String[] parts = path.split("/");
      if (parts.length == 4 && "v1".equals(parts[1]) && "jobs".equals(parts[2])) {
        String status;
        synchronized (this) {
          status = jobs.containsKey(decode(parts[3])) ? statuses.getOrDefault(decode(parts[3]), "RUNNING") : null;
        }
        if (status == null) {
          send(exchange, 404, "application/json", "{\"error\":\"JOB_NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8));
        } else {
          send(exchange, 200, "application/json", ("{\"job_id\":\"" + decode(parts[3]) + "\",\"status\":\"" + status + "\"}")
              .getBytes(StandardCharsets.UTF_8));
        }
        return;
      }
      // ["", "v1", "jobs", job, "logs"] or [..., "logs", site, file]
      if (parts.length < 5 || !"v1".equals(parts[1]) || !"jobs".equals(parts[2]) || !"logs".equals(parts[4])) {
        send(exchange, 400, "text/plain", ("bad path " + path).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String job = decode(parts[3]);
      Map<String, String> params = params(query);
      synchronized (this) {
        Map<String, Map<String, GrowingLog>> sites = jobs.get(job);
        if (sites == null) {
          send(exchange, 404, "application/json",
              ("{\"error\":\"JOB_NOT_FOUND\",\"message\":\"no job '" + job + "'\"}").getBytes(StandardCharsets.UTF_8));
          return;
        }
        if (parts.length == 5) {
          answerQuery(exchange, sites, params.get("site"), params.get("file"));
        } else {
          GrowingLog log = sites.getOrDefault(decode(parts[5]), Map.of()).get(decode(parts[6]));
          if (log == null || log.hidden()) {
            if (log != null) {
              log.hiddenReads--;
            }
            send(exchange, 404, "application/json", "{\"error\":\"LOG_NOT_FOUND\"}".getBytes(StandardCharsets.UTF_8));
            return;
          }
          Object[] read = log.read(Long.parseLong(params.get("start")));
          exchange.getResponseHeaders().add("Jobtail-Log-Size", String.valueOf(read[1]));
          exchange.getResponseHeaders().add("Jobtail-Log-Complete", String.valueOf(read[2]));
          send(exchange, 200, "application/octet-stream", (byte[]) read[0]);
        }
      }
    }
  }

  private void answerQuery(HttpExchange exchange, Map<String, Map<String, GrowingLog>> sites, String site, String file)
      throws IOException {
    List<String> wanted = "all".equals(site) ? new ArrayList<>(sites.keySet()) : List.of(site);
    Map<String, Object> logs = new LinkedHashMap<>();
    Map<String, Object> unavailable = new LinkedHashMap<>();
    for (String s : wanted) {
      GrowingLog log = sites.getOrDefault(s, Map.of()).get(file);
      if (log != null && !log.hidden()) {
        logs.put(s, new String(log.visibleBytes(), StandardCharsets.UTF_8));
      } else {
        unavailable.put(s, "server".equals(s)
            ? "server log not available for this job" : "client log stream not available for this job");
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("logs", logs);
    body.put("unavailable", unavailable);
    send(exchange, 200, "application/json", PythonJson.dumps(body).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return params;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
