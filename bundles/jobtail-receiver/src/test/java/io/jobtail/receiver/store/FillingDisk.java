package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A disk with a set amount of free space, shared by every channel it opens: a write that does
 * not fit writes what fits and the next one fails with "No space left on device", as a real
 * full disk does. Tests give space back with {@link #free(long)}.
 */
final class FillingDisk implements ChannelOpener {
    private long space;
    private boolean closeChannelOnFailure;

    FillingDisk(long space) {
        this.space = space;
    }

    synchronized void free(long bytes) {
        space += bytes;
    }

    /** Makes a failing write also close its channel, as an interrupt during a write does. */
    synchronized void closeChannelOnFailure() {
        closeChannelOnFailure = true;
    }

    /** Meters the log's bytes only: the state files these tests' byte counts leave out are written as they come. */
    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        return path.getFileName().toString().endsWith(LogPaths.STATE_SUFFIX + ".tmp") ? real : new Channel(real);
    }

    private synchronized int take(int wanted) {
        int granted = (int) Math.min(wanted, space);
        space -= granted;
        return granted;
    }

    private synchronized boolean closesOnFailure() {
        return closeChannelOnFailure;
    }

    private final class Channel extends ForwardingChannel {
        Channel(FileChannel disk) {
            super(disk);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int granted = take(src.remaining());
            if (granted == 0 && src.hasRemaining()) {
                if (closesOnFailure()) {
                    close();
                    throw new ClosedByInterruptException();
                }
                throw new IOException("No space left on device");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + granted);
            int written = disk.write(part);
            src.position(src.position() + written);
            return written;
        }

        @Override
        public long size() throws IOException {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
            return disk.size();
        }
    }
}
