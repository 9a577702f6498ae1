package io.jobtail.itests.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.itests.AdminApi;
import io.jobtail.itests.JobtailCluster;
import io.jobtail.itests.JobtailCluster.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden outputs of the real {@code jobtail logs} command against a real server (issue 4), for
 * every option: one job on two sites writes known bytes into its logs ({@link KnownLogsJob},
 * logging OFF so nothing else lands there), the sites stream them over HTTP, and each command's
 * stdout, stderr and exit code are compared byte for byte with a golden file.
 *
 * <p>The known logs are the CLI's own fixtures (launcher-integration/jobtail-cli, tested there
 * against a fake server), and where the CLI's expected output applies unchanged (one site's text)
 * it is reused from there, so the fake server and the real one are held to the same bytes:
 * site-1 streams the CLI's {@code server-log.txt} as its log.txt and {@code utf8-log.txt} as its
 * error_log.txt; site-2 (whose {@code site.json} streams only log.json) streams the CLI's
 * {@code site-1-log.json} as log.json; both stream a 600-line {@code long.log} through a job
 * streamer. Outputs that name the job (JSON, reasons) are this module's goldens, with
 * {@code @JOB@} for the job id.
 *
 * <p>The server's own job log carries wall-clock times; the test checks it as it is, then
 * replaces it with known lines (the server reads it from disk on every query) for the outputs
 * that include it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsGoldenTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The CLI module's golden logs, reused as inputs and expectations. */
    private static final Path CLI_LOGS = Path.of(System.getProperty("basedir", "."))
            .resolve("../../launcher-integration/jobtail-cli/src/test/resources/logs").normalize();
    /** Set to true to (re)write this module's goldens from the actual outputs; review the diff. */
    private static final boolean RECORD = Boolean.getBoolean("jobtail.golden.record");
    private static final Path OWN_GOLDEN = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden/expected");

    private JobtailCluster cluster;
    private String jobId;
    private int closedPort;

    @BeforeAll
    void runTheKnownLogsJob(@TempDir Path root) throws Exception {
        assertTrue(Files.isDirectory(CLI_LOGS), "the CLI's golden logs are at " + CLI_LOGS);
        cluster = JobtailCluster.create(root, List.of("site-1", "site-2"));
        cluster.siteConfig("site-2", "{\"allow_log_streaming\": true, \"components\": [{\"id\": \"json_streamer\", "
                + "\"path\": \"io.jobtail.site.SiteLogStreamer\", \"args\": {\"log_file_name\": \"log.json\"}}]}");
        cluster.startServer();
        cluster.startSites();
        AdminApi admin = cluster.admin();
        Path longLog = resource("/golden/input/long.log");
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "golden");
        job.put("sites", List.of("site-1", "site-2"));
        job.put("logging", Map.of("level", "OFF"));
        job.put("components", List.of(Map.of("id", "long_log_streamer", "path", "io.jobtail.job.JobLogStreamer",
                "args", Map.of("log_file_name", "long.log"))));
        job.put("work", Map.of("main_class", KnownLogsJob.class.getName(), "args", List.of(
                "site-1", CLI_LOGS.resolve("input/server-log.txt").toString(), "log.txt",
                "site-1", CLI_LOGS.resolve("input/utf8-log.txt").toString(), "error_log.txt",
                "site-2", CLI_LOGS.resolve("input/site-1-log.json").toString(), "log.json",
                "*", longLog.toString(), "long.log")));
        jobId = admin.submit(job);
        assertEquals("FINISHED_OK", Jobs.awaitEnd(admin, jobId, WAIT));
        Jobs.awaitComplete(admin, jobId, "site-1", "log.txt", WAIT);
        Jobs.awaitComplete(admin, jobId, "site-1", "error_log.txt", WAIT);
        Jobs.awaitComplete(admin, jobId, "site-2", "log.json", WAIT);
        Jobs.awaitComplete(admin, jobId, "site-1", "long.log", WAIT);
        Jobs.awaitComplete(admin, jobId, "site-2", "long.log", WAIT);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        checkTheRealServerLogThenReplaceIt();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The server's own job log as it is (wall-clock times), then known lines in its place. */
    private void checkTheRealServerLogThenReplaceIt() throws Exception {
        Path diary = cluster.serverWorkspace().resolve("server_logs").resolve(jobId).resolve("log.txt");
        CommandResult real = logs();
        assertEquals(0, real.exitCode(), real.stderr());
        assertEquals(Files.readString(diary), real.out(), "without --site: the server's own log, whole, no header");
        assertTrue(real.out().contains("job " + jobId + " (golden) submitted for sites [site-1, site-2]"), real.out());
        assertTrue(real.out().contains("site site-1 reports FINISHED_OK"), real.out());
        assertEquals("", real.stderr());
        Files.write(diary, Files.readAllBytes(resource("/golden/input/server-log.txt")));
    }

    // --- --site -------------------------------------------------------------------------------

    @Test
    void serverIsTheDefaultSiteAndPrintsItsLogAloneWithoutHeader() throws Exception {
        expect(logs(), 0, Files.readString(resource("/golden/input/server-log.txt")), "");
        expect(logs("--site", "server"), 0, Files.readString(resource("/golden/input/server-log.txt")), "");
    }

    @Test
    void aNamedSitePrintsItsStreamedLogAloneWithoutHeader() throws Exception {
        expect(logs("--site", "site-1", "--max-bytes", "100000"), 0, cli("input/server-log.txt"), "");
    }

    @Test
    void allPrintsEverySiteUnderHeadersServerFirstRenderingTheJsonLogOfSite2() throws Exception {
        expect(logs("--site", "all"), 0, golden("all-human.stdout"), "");
        expect(logs("--sites", "all"), 0, golden("all-human.stdout"), "");
    }

    @Test
    void allWithAFileSomeSitesLackListsThemAsUnavailableOnStderr() throws Exception {
        expect(logs("--site", "all", "--file", "error_log.txt"), 0, golden("all-error-log.stdout"),
                golden("all-error-log.stderr"));
    }

    // --- --json -------------------------------------------------------------------------------

    @Test
    void jsonPutsEverySiteWithItsCountsAndTheFiltersInTheEnvelope() throws Exception {
        expect(logs("--site", "all", "--json"), 0, golden("all.json"), "");
    }

    @Test
    void jsonLogRecordsAreRenderedForPeopleThroughTheLogJsonFallback() throws Exception {
        expect(logs("--site", "site-2"), 0, cli("expected/json-log-rendered.txt"), "");
        expect(logs("--site", "site-2", "--since", "2026-04-28T10:00:00"), 0,
                cli("expected/json-log-rendered-since-10-00-00.txt"), "");
    }

    @Test
    void sinceFiltersJsonRecordsByAsctimeTimestampOrTimeInJsonMode() throws Exception {
        expect(logs("--site", "site-2", "--json", "--since", "2026-04-28T10:00:00"), 0, golden("json-records-since.json"), "");
    }

    // --- --since ------------------------------------------------------------------------------

    @ParameterizedTest(name = "--since {0} keeps {1}")
    @CsvSource({
        "2026-04-28T10:00:00,       since-10-00-00.txt",
        "2026-04-28T10:00:00Z,      since-10-00-00.txt",
        "2026-04-28T12:00:00+02:00, since-10-00-00.txt",
        "2026-04-28 10:00:00,       since-10-00-00.txt",
        "'2026-04-28 10:00:00,5',   since-10-00-00-5.txt",
        "2026-04-28T09:59:59,       since-09-59-59.txt",
        "2026-04-28,                since-date-only.txt",
    })
    void sinceAcceptsIsoFormsAndKeepsContinuationLines(String since, String expected) throws Exception {
        if (since.endsWith("Z") || since.contains("+")) {
            // the logs' naive timestamps are local time; the CLI's goldens are for a UTC machine
            Assumptions.assumeTrue(ZoneId.systemDefault().getRules().getOffset(java.time.Instant.now()).equals(ZoneOffset.UTC),
                    "zoned --since forms are golden for a UTC machine; this one is " + ZoneId.systemDefault());
        }
        expect(logs("--site", "site-1", "--since", since), 0, cli("expected/" + expected), "");
    }

    /**
     * Durations count back from the command's own clock, which the test cannot fix, so it picks
     * the amount: N units back from now to at most 09:59:50 (the first whole unit before it) keeps
     * every timestamped line and drops the untimestamped first one; two hours fewer lands after the
     * last line and keeps nothing. The command starts a second or two after N is computed; the gap
     * before the first line (09:59:58.1) is wider.
     */
    @Test
    void sinceAcceptsDurationsBackFromNow() throws Exception {
        LocalDateTime before = LocalDateTime.parse("2026-04-28T09:59:50");
        LocalDateTime now = LocalDateTime.now();
        for (ChronoUnit unit : List.of(ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS)) {
            long n = unit.between(before, now) + 1;
            String since = n + unit.name().substring(0, 1).toLowerCase(java.util.Locale.ROOT);
            expect(logs("--site", "site-1", "--since", since), 0, cli("expected/since-date-only.txt"), "");
        }
        long hours = ChronoUnit.HOURS.between(before, now) + 1 - 2;
        expect(logs("--site", "site-1", "--since", hours + "h"), 0, "(no log content)\n", "");
    }

    // --- --tail, --max-bytes, the default tail, the order ----------------------------------

    @Test
    void tailKeepsTheLastLinesAndZeroLeavesNoContent() throws Exception {
        expect(logs("--site", "site-1", "--tail", "2"), 0, cli("expected/tail-2.txt"), "");
        expect(logs("--site", "site-1", "--tail", "0"), 0, "(no log content)\n", "");
    }

    @Test
    void maxBytesKeepsTheLastBytesAndNeverSplitsAUtf8Character() throws Exception {
        // error_log.txt is "α=1\nβ=2 ✓\n": the last 8 bytes start inside β (2 bytes), so 7 are kept
        expect(logs("--site", "site-1", "--file", "error_log.txt", "--max-bytes", "8"), 0, "=2 \u2713\n", "");
        expect(logs("--site", "site-1", "--file", "error_log.txt", "--json", "--max-bytes", "8"), 0,
                golden("max-bytes-utf8.json"), "");
    }

    @Test
    void withoutAnyBoundTheLast500LinesArePrintedAndJsonSaysSo() throws Exception {
        String last500 = IntStream.rangeClosed(101, 600).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
        expect(logs("--site", "site-1", "--file", "long.log"), 0, last500, "");
        expect(logs("--site", "site-2", "--file", "long.log", "--json", "--tail", "1"), 0, golden("long-tail-1.json"), "");
        CommandResult json = logs("--site", "site-1", "--file", "long.log", "--json");
        assertEquals(0, json.exitCode(), json.stderr());
        assertTrue(json.out().contains("\"logs_truncated\": true, \"sites\": {\"site-1\": {\"available\": true, "
                + "\"lines\": 500, \"bytes\": " + last500.length() + ", \"logs_truncated\": true}}"), json.out());
        assertTrue(json.out().contains("\"filters\": {\"tail\": 500, \"since\": null, \"since_applied\": false, "
                + "\"max_bytes\": null, \"default_tail_applied\": true}"), json.out());
    }

    @Test
    void filtersRunSinceThenTailThenMaxBytes() throws Exception {
        expect(logs("--site", "site-1", "--since", "2026-04-28T10:00:00.5", "--tail", "2", "--max-bytes", "60"), 0,
                cli("expected/order-since-tail-bytes.txt"), "");
    }

    // --- exit codes ---------------------------------------------------------------------------

    @Test
    void anUnknownJobExitsOneWithJobNotFound() throws Exception {
        expect(cluster.run(withServer("logs", "job-unknown")), 1, "", golden("job-not-found.stderr"));
        expect(cluster.run(withServer("logs", "job-unknown", "--json")), 1, golden("job-not-found.json"), "");
    }

    @Test
    void aNamedSiteWithoutTheLogExitsOneWithLogNotFound() throws Exception {
        expect(logs("--site", "site-2", "--file", "error_log.txt"), 1, "", golden("log-not-found.stderr"));
    }

    @Test
    void anUnreachableServerExitsTwo() throws Exception {
        expect(cluster.run("logs", jobId, "--server", "http://127.0.0.1:" + closedPort), 2, "",
                golden("connection-failed.stderr"));
    }

    /** Against a port nobody listens on: exit 4 rather than 2 shows nothing was sent. */
    @ParameterizedTest(name = "{0} {1} exits 4")
    @CsvSource({
        "--tail,      -1,        invalid-tail.stderr",
        "--max-bytes, 1k,        invalid-max-bytes.stderr",
        "--since,     yesterday, invalid-since.stderr",
        "--file,      ../log.txt, invalid-file.stderr",
    })
    void invalidArgumentsExitFourBeforeAnythingIsSent(String option, String value, String expected) throws Exception {
        expect(cluster.run("logs", jobId, option, value, "--server", "http://127.0.0.1:" + closedPort), 4, "",
                golden(expected));
    }

    // --- helpers ------------------------------------------------------------------------------

    private CommandResult logs(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("logs", jobId));
        all.addAll(Arrays.asList(args));
        return cluster.run(withServer(all.toArray(new String[0])));
    }

    private String[] withServer(String... args) throws IOException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", cluster.url(), "--token-file", cluster.tokenFile("admin").toString()));
        return all.toArray(new String[0]);
    }

    /** Compares exit code, stdout and stderr; in record mode rewrites this module's goldens first. */
    private void expect(CommandResult run, int exitCode, Expected stdout, Expected stderr) throws IOException {
        record(stdout, run.out());
        record(stderr, run.stderr());
        expect(run, exitCode, stdout.text(), stderr.text());
    }

    private void expect(CommandResult run, int exitCode, Expected stdout, String stderr) throws IOException {
        record(stdout, run.out());
        expect(run, exitCode, stdout.text(), stderr);
    }

    private void expect(CommandResult run, int exitCode, String stdout, Expected stderr) throws IOException {
        record(stderr, run.stderr());
        expect(run, exitCode, stdout, stderr.text());
    }

    private static void expect(CommandResult run, int exitCode, String stdout, String stderr) {
        assertEquals(stdout, run.out(), "stdout (stderr: " + run.stderr() + ")");
        assertEquals(stderr, run.stderr(), "stderr");
        assertEquals(exitCode, run.exitCode(), "exit code");
    }

    /** A golden of this module, with its placeholders filled in. */
    private record Expected(String name, String text) {
    }

    private Expected golden(String name) {
        Path file = OWN_GOLDEN.resolve(name);
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file) : "(no golden " + name + " yet)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Expected(name, fill(text));
    }

    private String fill(String template) {
        return template.replace("@JOB@", jobId).replace("@PORT@", Integer.toString(closedPort));
    }

    private void record(Expected golden, String actual) throws IOException {
        if (RECORD && !golden.text().equals(actual)) {
            Files.writeString(OWN_GOLDEN.resolve(golden.name()),
                    actual.replace(jobId, "@JOB@").replace(":" + closedPort + "/", ":@PORT@/"));
        }
    }

    /** A file of the CLI module's golden logs, as text. */
    private static String cli(String relative) throws IOException {
        return Files.readString(CLI_LOGS.resolve(relative), StandardCharsets.UTF_8);
    }

    private static Path resource(String name) {
        try (InputStream in = LogsGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return Path.of(LogsGoldenTest.class.getResource(name).toURI());
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("test resource " + name + ": " + e, e);
        }
    }
}
