package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
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

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Channel(FileChannel.open(path, options));
    }

    private synchronized int take(int wanted) {
        int granted = (int) Math.min(wanted, space);
        space -= granted;
        return granted;
    }

    private synchronized boolean closesOnFailure() {
        return closeChannelOnFailure;
    }

    private final class Channel extends FileChannel {
        private final FileChannel disk;

        Channel(FileChannel disk) {
            this.disk = disk;
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

        @Override
        public void force(boolean metaData) throws IOException {
            disk.force(metaData);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            disk.close();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return disk.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return disk.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException("the store writes one buffer at a time");
        }

        @Override
        public long position() throws IOException {
            return disk.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            disk.position(newPosition);
            return this;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            disk.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return disk.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not used by the store");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return disk.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException("the store only appends");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not used by the store");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return disk.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return disk.tryLock(position, size, shared);
        }
    }
}
