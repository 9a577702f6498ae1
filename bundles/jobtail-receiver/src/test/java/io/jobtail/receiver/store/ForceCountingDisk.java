package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real disk, counting the forces (fsyncs) the store asks for: of state files (made through
 * their temporary) and of everything else (the logs and snapshots). Thread-safe.
 */
final class ForceCountingDisk implements ChannelOpener {
    private final AtomicInteger stateForces = new AtomicInteger();
    private final AtomicInteger dataForces = new AtomicInteger();

    int stateForces() {
        return stateForces.get();
    }

    int dataForces() {
        return dataForces.get();
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        AtomicInteger count = path.getFileName().toString().endsWith(LogPaths.STATE_SUFFIX + ".tmp")
                ? stateForces : dataForces;
        return new ForwardingChannel(FileChannel.open(path, options)) {
            @Override
            public void force(boolean metaData) throws IOException {
                count.incrementAndGet();
                super.force(metaData);
            }
        };
    }
}
