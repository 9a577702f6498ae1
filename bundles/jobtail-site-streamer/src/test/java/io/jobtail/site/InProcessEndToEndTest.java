package io.jobtail.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Workspace;
import io.jobtail.job.JobLogStreamer;
import io.jobtail.job.JobLogStreamerSettings;
import io.jobtail.receiver.JobLogReceiverFactory;
import io.jobtail.receiver.store.LogStatus;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.api.Widget;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.StreamHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain in one process on the in-memory network: the site injects the streamer into the
 * deployed config, the job loads it from that config and streams while its log rotates twice, the
 * job writes more after END_RUN, and the site's JOB_COMPLETED sends the rest. The server's copy
 * must be every byte the job wrote, once.
 */
class InProcessEndToEndTest {
    @TempDir
    Path dir;

    static final ThreadFactory INLINE = r -> new Thread(r) {
        @Override
        public synchronized void start() {
            run();
        }
    };

    @Test
    void aJobWhoseLogRotatesTwiceAndGrowsAfterEndRunArrivesByteIdentical() throws Exception {
        Path siteRoot = dir.resolve("site");
        StreamHarness h = new StreamHarness(siteRoot);
        Path store = dir.resolve("store");

        // server: the receiver on its own runner
        Widget receiver = new JobLogReceiverFactory().create(Map.of("dest_dir", store.toString()));
        receiver.handleEvent(EventType.SYSTEM_START.name(), JobContext.builder().identityName("server")
                .processType(ProcessType.SERVER_PARENT).workspace(new Workspace(dir.resolve("server"))).engine(h.server).build());

        // site: deploy the job's config, BEFORE_JOB_LAUNCH injects the streamer
        Path config = new Workspace(siteRoot).clientConfig("job-1", "site-1");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "{\"format_version\": 2, \"components\": []}");
        JobContext siteCtx = JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_PARENT)
                .workspace(new Workspace(siteRoot)).engine(h.site).build();
        SiteLogStreamer site = SiteLogStreamer.fromArgs(Map.of());
        site.uploadWith(h.options().build(), INLINE);
        site.handleEvent(EventType.BEFORE_JOB_LAUNCH.name(), siteCtx);

        // job: load the injected component from the deployed config
        JsonNode entry = new ObjectMapper().readTree(config.toFile()).get("components").get(0);
        assertEquals(JobLogStreamer.TYPE, entry.get("path").asText());
        @SuppressWarnings("unchecked")
        Map<String, Object> args = new ObjectMapper().convertValue(entry.get("args"), Map.class);
        JobLogStreamer streamer = new JobLogStreamer(JobLogStreamerSettings.fromArgs(args), h.options().build(), INLINE);
        JobContext jobCtx = JobContext.builder().jobId("job-1").identityName("site-1").processType(ProcessType.CLIENT_JOB)
                .workspace(new Workspace(siteRoot)).engine(h.site).build();
        GrowingLog log = new GrowingLog(Files.createDirectories(siteRoot.resolve("job-1")).resolve("log.txt")).lines(10);
        AtomicInteger step = new AtomicInteger();
        h.time.onSleep(() -> { // the job's work, while its streamer waits for data
            switch (step.incrementAndGet()) {
                case 2 -> log.lines(30).rotate().lines(5);
                case 4 -> log.lines(12);
                case 6 -> log.rotate().lines(7);
                case 9 -> {
                    log.lines(2);
                    streamer.handleEvent(EventType.ABOUT_TO_END_RUN.name(), jobCtx);
                    log.lines(1); // shutdown lines in the drain window
                }
                default -> { }
            }
        });
        streamer.handleEvent(EventType.START_RUN.name(), jobCtx);
        streamer.handleEvent(EventType.END_RUN.name(), jobCtx);
        h.time.onSleep(() -> { });
        log.lines(4); // written after END_RUN: the original lost these

        site.handleEvent(EventType.JOB_COMPLETED.name(), siteCtx);

        Path copy = store.resolve("job-1").resolve("site-1").resolve("log.txt");
        assertArrayEquals(log.written(), Files.readAllBytes(copy));
        assertEquals(LogStatus.COMPLETE, new LogStore(store).state("job-1", "site-1", "log.txt").get().status());
    }
}
