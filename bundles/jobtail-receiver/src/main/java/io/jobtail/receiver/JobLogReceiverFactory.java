package io.jobtail.receiver;

import io.jobtail.api.ComponentArgs;
import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Widget;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.log.IdleWatchdog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@link JobLogReceiver}s from config entries. Arguments: {@code dest_dir} (the store
 * root; default {@code <java.io.tmpdir>/jobtail-store}), {@code idle_timeout} (seconds, default 30,
 * 0 disables), {@code quota_bytes} (per log, default 1 GiB), {@code max_open_streams} (all sites
 * together, default 4096) and {@code max_open_streams_per_site} (default 1024). Stateless.
 */
public final class JobLogReceiverFactory implements ComponentFactory {
    public static final String DEST_DIR = "dest_dir";
    public static final String IDLE_TIMEOUT = "idle_timeout";
    public static final String QUOTA_BYTES = "quota_bytes";
    public static final String MAX_OPEN_STREAMS = "max_open_streams";
    public static final String MAX_OPEN_STREAMS_PER_SITE = "max_open_streams_per_site";

    @Override
    public String type() {
        return JobLogReceiver.TYPE;
    }

    @Override
    public Widget create(Map<String, Object> args) {
        ComponentArgs a = new ComponentArgs("JobLogReceiver", args).requireKnown(Set.of(DEST_DIR, IDLE_TIMEOUT, QUOTA_BYTES,
                MAX_OPEN_STREAMS, MAX_OPEN_STREAMS_PER_SITE));
        Path dest = Path.of(a.string(DEST_DIR, Path.of(System.getProperty("java.io.tmpdir"), "jobtail-store").toString()));
        Duration idle = a.nonNegativeSeconds(IDLE_TIMEOUT, LogStreamer.DEFAULT_IDLE_TIMEOUT);
        long quota = a.positiveLong(QUOTA_BYTES, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG);
        int maxOpen = a.positiveInt(MAX_OPEN_STREAMS, OpenStreams.DEFAULT_MAX);
        int maxOpenPerSite = a.positiveInt(MAX_OPEN_STREAMS_PER_SITE, OpenStreams.DEFAULT_MAX_PER_SITE);
        return new JobLogReceiver(new LogStore(dest, quota, Clock.systemUTC()), idle, IdleWatchdog.shared(), maxOpen,
                maxOpenPerSite);
    }
}
