package io.jobtail.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobtail.host.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsApiTest {
    @TempDir
    Path ws;

    private JobRegistry registry;
    private JobsApi api;
    private String jobId;

    @BeforeEach
    void setUp() throws Exception {
        registry = new JobRegistry(ws.resolve("jobs"), Clock.systemUTC());
        ServerJobLog serverLog = new ServerJobLog(ws.resolve("server_logs"), Clock.systemUTC());
        api = new JobsApi(registry, new LogReader(ws.resolve("store"), serverLog), serverLog, () -> List.of("site-1", "site-2"));
        jobId = json(post("/v1/jobs", "{\"name\":\"n\",\"work\":{\"main_class\":\"x.Y\"}}")).get("job_id").asText();
    }

    private JobsApi.Reply get(String path, String query) {
        return api.handle("GET", path, query, new byte[0]);
    }

    private JobsApi.Reply post(String path, String body) {
        return api.handle("POST", path, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(JobsApi.Reply reply) throws Exception {
        return Json.MAPPER.readTree(reply.body());
    }

    private void storeLog(String site, String file, String text, String status) throws Exception {
        Path dir = ws.resolve("store").resolve(jobId).resolve(site);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(file), text);
        Files.writeString(dir.resolve(file + ".state.json"), "{\"status\":\"" + status + "\",\"bytes\":" + text.length() + "}");
    }

    @Test
    void submittedJobRunsOnEveryKnownSiteAndIsListed() throws Exception {
        JsonNode job = json(get("/v1/jobs/" + jobId, null));
        assertEquals("SUBMITTED", job.get("status").asText());
        assertEquals("[\"site-1\",\"site-2\"]", job.get("sites").toString());
        assertEquals(jobId, json(get("/v1/jobs", null)).get("jobs").get(0).get("job_id").asText());
    }

    @Test
    void badSubmissionsAreRefusedNamingWhatIsWrong() throws Exception {
        JobsApi.Reply noWork = post("/v1/jobs", "{\"name\":\"n\"}");
        assertEquals(400, noWork.status());
        assertTrue(json(noWork).get("message").asText().contains("work"));
        JobsApi.Reply badSite = post("/v1/jobs", "{\"sites\":[\"../x\"],\"work\":{\"command\":[\"true\"]}}");
        assertEquals(400, badSite.status());
        assertTrue(json(badSite).get("message").asText().contains("../x"), json(badSite).toString());
        assertEquals(400, post("/v1/jobs", "not json").status());
    }

    @Test
    void unknownJobIs404JobNotFoundAndBadJobIdIs400() throws Exception {
        JobsApi.Reply missing = get("/v1/jobs/job-nope/logs", "site=all");
        assertEquals(404, missing.status());
        assertEquals("JOB_NOT_FOUND", json(missing).get("error").asText());
        JobsApi.Reply bad = get("/v1/jobs/.hidden", null);
        assertEquals(400, bad.status());
        assertTrue(json(bad).get("message").asText().contains(".hidden"));
    }

    @Test
    void logsQueryGivesServerAndSiteLogsAndNamesWhatIsUnavailable() throws Exception {
        storeLog("site-1", "log.txt", "line 1\nline 2\n", "STREAMING");
        JsonNode all = json(get("/v1/jobs/" + jobId + "/logs", "site=all&file=log.txt"));
        assertEquals("line 1\nline 2\n", all.get("logs").get("site-1").asText());
        assertTrue(all.get("logs").get("server").asText().contains("submitted"), all.toString());
        assertTrue(all.get("unavailable").get("site-2").asText().contains("site-2"), all.toString());
        assertEquals(400, get("/v1/jobs/" + jobId + "/logs", "site=a/b").status());
    }

    @Test
    void byteRangeFollowsTheLogAndIsCompleteOnlyOnceStreamAndJobEnded() throws Exception {
        storeLog("site-1", "log.txt", "0123456789", "STREAMING");
        JobsApi.Reply from4 = get("/v1/jobs/" + jobId + "/logs/site-1/log.txt", "start=4");
        assertEquals("456789", new String(from4.body(), StandardCharsets.UTF_8));
        assertEquals("10", from4.headers().get(JobsApi.SIZE_HEADER));
        assertEquals("false", from4.headers().get(JobsApi.COMPLETE_HEADER));
        assertEquals("789", new String(get("/v1/jobs/" + jobId + "/logs/site-1/log.txt", "start=-3").body(), StandardCharsets.UTF_8));

        storeLog("site-1", "log.txt", "0123456789", "COMPLETE");
        assertEquals("false", get("/v1/jobs/" + jobId + "/logs/site-1/log.txt", "start=10").headers().get(JobsApi.COMPLETE_HEADER),
                "the job still runs, so the site may resume the log");
        registry.take("site-1");
        registry.take("site-2");
        registry.report(jobId, "site-1", JobStatus.FINISHED_OK);
        registry.report(jobId, "site-2", JobStatus.FINISHED_OK);
        assertEquals("true", get("/v1/jobs/" + jobId + "/logs/site-1/log.txt", "start=10").headers().get(JobsApi.COMPLETE_HEADER));
        assertEquals(404, get("/v1/jobs/" + jobId + "/logs/site-2/log.txt", "start=0").status());
        assertEquals(400, get("/v1/jobs/" + jobId + "/logs/site-1/log.txt", "start=abc").status());
    }

    @Test
    void logConfigIsRefusedWith409OnceTheJobEnded() throws Exception {
        assertEquals(200, post("/v1/jobs/" + jobId + "/log-config", "{\"level\":\"debug\",\"site\":\"all\"}").status());
        assertEquals(400, post("/v1/jobs/" + jobId + "/log-config", "{\"level\":\"LOUD\"}").status());
        post("/v1/jobs/" + jobId + "/abort", "");
        JobsApi.Reply ended = post("/v1/jobs/" + jobId + "/log-config", "{\"level\":\"INFO\"}");
        assertEquals(409, ended.status());
        assertEquals("JOB_ENDED", json(ended).get("error").asText());
    }
}
