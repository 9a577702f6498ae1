package io.jobtail.receiver.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file appended at stream offsets: the offset rules (drop the duplicate prefix, refuse a gap),
 * the quota, and recovery from a failed write. Its length is what it holds.
 *
 * <p>Not thread-safe: the owning {@link LogFile}'s lock guards every call. Owns its channel.
 */
final class OffsetFile {
    private final Path path;
    private final FileChannel channel;
    private final long quota;
    private final Object what;
    private long held;
    /** A write failed and the length could not be re-read: the channel is no longer trusted. */
    private boolean broken;

    /**
     * @param channel opened for appending to {@code path}; its size is what is held
     * @param what    names the log in messages
     */
    OffsetFile(Path path, FileChannel channel, long quota, Object what) throws IOException {
        this.path = path;
        this.channel = channel;
        this.quota = quota;
        this.what = what;
        this.held = channel.size();
    }

    long held() {
        return held;
    }

    /** False once a write failed beyond repair or the channel was closed (even by an interrupt): reopen. */
    boolean usable() {
        return !broken && channel.isOpen();
    }

    /** See {@link LogWriter#append}. */
    long append(long offset, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset + " for " + what);
        }
        if (!usable()) {
            throw new IOException("an earlier write to " + what + " failed and its length is unknown: "
                    + "this writer cannot continue, open a new one");
        }
        if (offset > held) {
            throw new OffsetGapException(offset, held, what.toString());
        }
        long duplicate = held - offset;
        if (duplicate >= len) {
            return held;
        }
        int from = off + (int) duplicate;
        int fresh = len - (int) duplicate;
        int writable = (int) Math.min(fresh, Math.max(0, quota - held));
        if (writable > 0) {
            write(data, from, writable);
        }
        if (writable < fresh) {
            throw new QuotaExceededException(held, quota, what.toString());
        }
        return held;
    }

    private void write(byte[] data, int from, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data, from, len);
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            held += len;
        } catch (IOException e) {
            // Part of the chunk may be in the file. Those bytes are right (a prefix of the
            // stream), so hold exactly what the file has and let the sender resend the rest.
            long offset = held;
            int written = len - buf.remaining();
            String after = resync(e) ? "the file holds " + held + " bytes, resend from there"
                    : "its length could not be re-read, the file will be reopened";
            throw new IOException("writing " + len + " bytes at offset " + offset + " of " + what + " failed after "
                    + written + " (" + e.getMessage() + "); " + after, e);
        }
    }

    /** Re-reads what the file holds after a failed write; false if even that failed. */
    private boolean resync(IOException cause) {
        try {
            held = channel.size();
            return true;
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = true;
            return false;
        }
    }

    /** Forces the bytes written to disk. */
    void force() throws IOException {
        channel.force(false);
    }

    void close() throws IOException {
        channel.close();
    }

    Path path() {
        return path;
    }
}
