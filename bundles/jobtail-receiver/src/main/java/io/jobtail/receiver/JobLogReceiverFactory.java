package io.jobtail.receiver;

import io.jobtail.api.ComponentArgs;
import io.jobtail.api.ComponentFactory;
import io.jobtail.api.Names;
import io.jobtail.api.Widget;
import io.jobtail.receiver.store.LogStore;
import io.jobtail.streaming.LogStreamer;
import io.jobtail.streaming.log.IdleWatchdog;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Creates {@link JobLogReceiver}s from config entries. Arguments: {@code dest_dir} (the store
 * root, an absolute path; default {@code <java.io.tmpdir>/jobtail-store}), {@code idle_timeout}
 * (seconds, default 30, 0 disables), {@code quota_bytes} (per log, default 1 GiB),
 * {@code max_open_streams} (all sites together, default 4096) and {@code max_open_streams_per_site}
 * (default 1024).
 *
 * <p>A relative {@code dest_dir} is refused: the factory knows no directory it could be relative to
 * but the process's working directory, which is wherever the server or container happened to be
 * started from, so the logs would land somewhere different on every start. A host that accepts
 * relative paths in its own config makes them absolute against its own base before calling the
 * factory (the reference server resolves them against its workspace); an OSGi configuration
 * reaches the factory as it is and must name an absolute path. A {@code dest_dir} that exists and
 * is not a directory is refused too, so the mistake shows at configuration time rather than at the
 * first stream.
 *
 * <p>Stateless and thread-safe; {@link #create} only checks the path and touches nothing on disk
 * (the store creates its directory when the first log is opened).
 */
public final class JobLogReceiverFactory implements ComponentFactory {
    public static final String DEST_DIR = "dest_dir";
    public static final String IDLE_TIMEOUT = "idle_timeout";
    public static final String QUOTA_BYTES = "quota_bytes";
    public static final String MAX_OPEN_STREAMS = "max_open_streams";
    public static final String MAX_OPEN_STREAMS_PER_SITE = "max_open_streams_per_site";
    private static final String COMPONENT = "JobLogReceiver";

    @Override
    public String type() {
        return JobLogReceiver.TYPE;
    }

    /**
     * Creates a receiver storing into {@code dest_dir}.
     *
     * @throws IllegalArgumentException naming the argument and the bad value: an unknown argument, a
     *     value of the wrong type or out of range, a {@code dest_dir} that is not an absolute path or
     *     exists and is not a directory
     */
    @Override
    public Widget create(Map<String, Object> args) {
        ComponentArgs a = new ComponentArgs(COMPONENT, args).requireKnown(Set.of(DEST_DIR, IDLE_TIMEOUT, QUOTA_BYTES,
                MAX_OPEN_STREAMS, MAX_OPEN_STREAMS_PER_SITE));
        String given = a.string(DEST_DIR, null);
        Path dest = given == null ? Path.of(System.getProperty("java.io.tmpdir"), "jobtail-store") : destDir(given);
        Duration idle = a.nonNegativeSeconds(IDLE_TIMEOUT, LogStreamer.DEFAULT_IDLE_TIMEOUT);
        long quota = a.positiveLong(QUOTA_BYTES, LogStore.DEFAULT_QUOTA_BYTES_PER_LOG);
        int maxOpen = a.positiveInt(MAX_OPEN_STREAMS, OpenStreams.DEFAULT_MAX);
        int maxOpenPerSite = a.positiveInt(MAX_OPEN_STREAMS_PER_SITE, OpenStreams.DEFAULT_MAX_PER_SITE);
        return new JobLogReceiver(new LogStore(dest, quota, Clock.systemUTC()), idle, IdleWatchdog.shared(), maxOpen,
                maxOpenPerSite);
    }

    /** The store root {@code value} names; refused unless it is an absolute path that can be a directory. */
    static Path destDir(String value) {
        String bad = COMPONENT + ": argument " + DEST_DIR + " must be an absolute directory path, not " + Names.quote(value);
        Path dest;
        try {
            dest = Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(bad + ": " + e.getMessage(), e);
        }
        if (!dest.isAbsolute()) {
            throw new IllegalArgumentException(bad + ": a relative path would be resolved against this process's working"
                    + " directory (" + Path.of("").toAbsolutePath() + "), which is wherever it happened to be started from;"
                    + " give the store's full path");
        }
        if (Files.exists(dest) && !Files.isDirectory(dest)) {
            throw new IllegalArgumentException(bad + ": it exists and is not a directory");
        }
        return dest.normalize();
    }
}
