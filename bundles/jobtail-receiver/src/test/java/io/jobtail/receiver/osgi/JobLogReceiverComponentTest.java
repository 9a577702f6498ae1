package io.jobtail.receiver.osgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobtail.api.EventType;
import io.jobtail.api.JobContext;
import io.jobtail.api.ProcessType;
import io.jobtail.api.Signal;
import io.jobtail.api.Workspace;
import io.jobtail.api.streaming.ReturnCode;
import io.jobtail.api.streaming.StreamResult;
import io.jobtail.receiver.JobLogReceiver;
import io.jobtail.streaming.testing.GrowingLog;
import io.jobtail.streaming.testing.RecordingLogger;
import io.jobtail.streaming.testing.StreamHarness;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** The component on the in-memory network: what a configuration change does to the logs that arrive next. */
class JobLogReceiverComponentTest {

    /** What SCR hands the component: the typed view of a configuration. */
    record Settings(String dest__dir, double idle__timeout, long quota__bytes) implements JobLogReceiverComponent.Config {
        Settings(Path dest) {
            this(dest.toString(), 30, 1L << 30);
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return JobLogReceiverComponent.Config.class;
        }
    }

    @TempDir
    Path dir;
    private final RecordingLogger log = new RecordingLogger();
    private final JobLogReceiverComponent component = new JobLogReceiverComponent(log);

    private StreamHarness serverStarted() throws Exception {
        Files.createDirectories(dir.resolve("site"));
        StreamHarness h = new StreamHarness(dir.resolve("site"));
        JobContext server = JobContext.builder().identityName("server").processType(ProcessType.SERVER_PARENT)
                .workspace(new Workspace(dir.resolve("server"))).engine(h.server).build();
        component.handleEvent(EventType.SYSTEM_START.name(), server);
        return h;
    }

    private static StreamResult send(StreamHarness h, GrowingLog job) throws InterruptedException {
        Signal stopped = new Signal();
        stopped.trigger();
        return h.stream(job.file(), stopped);
    }

    private Path stored(String store) {
        return dir.resolve(store).resolve("job-1").resolve("site-1").resolve("log.txt");
    }

    @Test
    void storesIntoTheConfiguredDirectory() throws Exception {
        component.activate(new Settings(dir.resolve("store-a")), Map.of());
        StreamHarness h = serverStarted();
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(30);

        assertEquals(ReturnCode.OK, send(h, job).returnCode());

        assertArrayEquals(job.written(), Files.readAllBytes(stored("store-a")));
    }

    @Test
    void anUpdateReRegistersSoTheNextStreamGoesToTheNewStoreWithoutRestart() throws Exception {
        component.activate(new Settings(dir.resolve("store-a")), Map.of());
        StreamHarness h = serverStarted();

        component.modified(new Settings(dir.resolve("store-b")), Map.of());
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(30);
        assertEquals(ReturnCode.OK, send(h, job).returnCode());

        assertArrayEquals(job.written(), Files.readAllBytes(stored("store-b")));
        assertFalse(Files.exists(stored("store-a")));
        assertEquals(dir.resolve("store-b"), component.receiver().store().root());
    }

    @Test
    void aDeactivatedReceiverNoLongerReceivesAndWritesNothingMore() throws Exception {
        component.activate(new Settings(dir.resolve("store-a")), Map.of());
        StreamHarness h = serverStarted();

        component.deactivate();
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(30);
        StreamResult result = send(h, job);

        assertEquals(ReturnCode.NO_HANDLER, result.returnCode(), "the engine must not call into a stopped bundle's receiver");
        assertFalse(Files.exists(stored("store-a")));
    }

    @Test
    void anInvalidValueIsRefusedWithOneLineAndTheLastGoodConfigurationStays() throws Exception {
        component.activate(new Settings(dir.resolve("store-a")), Map.of());
        JobLogReceiver good = component.receiver();
        StreamHarness h = serverStarted();

        component.modified(new Settings(dir.resolve("store-b").toString(), 30, 0), Map.of("quota_bytes", 0L));
        GrowingLog job = new GrowingLog(h.workspace.resolve("log.txt")).lines(10);
        assertEquals(ReturnCode.OK, send(h, job).returnCode());

        assertSame(good, component.receiver());
        assertArrayEquals(job.written(), Files.readAllBytes(stored("store-a")));
        assertEquals(1, log.at(Level.ERROR).size(), log.lines().toString());
        String line = log.at(Level.ERROR).get(0);
        assertTrue(line.contains("io.jobtail.receiver.JobLogReceiver") && line.contains("quota_bytes")
                && line.contains("refused") && line.contains(dir.resolve("store-a").toString()), line);
    }

    @Test
    void aRelativeStoreIsRefusedOnUpdateAndTheStoreInForceStays() throws Exception {
        component.activate(new Settings(dir.resolve("store-a")), Map.of());
        JobLogReceiver good = component.receiver();

        component.modified(new Settings("store-b", 30, 1L << 30), Map.of("dest_dir", "store-b"));

        assertSame(good, component.receiver());
        assertEquals(1, log.at(Level.ERROR).size(), log.lines().toString());
        String line = log.at(Level.ERROR).get(0);
        assertTrue(line.contains("dest_dir") && line.contains("\"store-b\"") && line.contains("absolute")
                && line.contains("still storing into " + dir.resolve("store-a")), line);
    }

    @Test
    void aRelativeStoreFailsTheActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.activate(new Settings("store", 30, 1L << 30), Map.of("dest_dir", "store")));

        assertTrue(e.getMessage().contains("dest_dir") && e.getMessage().contains("\"store\"")
                && e.getMessage().contains("absolute"), e.getMessage());
    }

    @Test
    void anInvalidConfigurationAtActivationFailsTheActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> component.activate(new Settings(dir.toString(), -1, 1), Map.of()));

        assertTrue(e.getMessage().contains("idle_timeout"), e.getMessage());
    }
}
