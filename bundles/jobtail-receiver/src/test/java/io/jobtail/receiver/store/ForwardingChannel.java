package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A channel that hands every call to a real file channel; the test disks override the calls they
 * change. Closing it closes the real channel. The calls the store never makes are refused, so a
 * new use shows up here first.
 */
class ForwardingChannel extends FileChannel {
    final FileChannel disk;

    ForwardingChannel(FileChannel disk) {
        this.disk = disk;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return disk.write(src);
    }

    @Override
    public long size() throws IOException {
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
