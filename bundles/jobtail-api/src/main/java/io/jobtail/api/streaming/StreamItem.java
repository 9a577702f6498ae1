package io.jobtail.api.streaming;

import java.util.Objects;

/**
 * One unit of a stream: bytes at an offset, a heartbeat, or the end.
 *
 * <p>Immutable. The data array is owned by the item once passed in.
 */
public final class StreamItem {
    /** What an item is. */
    public enum Kind {
        /** Bytes starting at {@link #offset()}. */
        DATA,
        /** Nothing new; the sender is alive. */
        HEARTBEAT,
        /** The stream ends; {@link #offset()} is its final length. */
        END
    }

    private static final byte[] NONE = new byte[0];
    private static final StreamItem HEARTBEAT = new StreamItem(Kind.HEARTBEAT, -1, NONE);

    private final Kind kind;
    private final long offset;
    private final byte[] data;

    private StreamItem(Kind kind, long offset, byte[] data) {
        this.kind = kind;
        this.offset = offset;
        this.data = data;
    }

    /**
     * Bytes at an offset.
     *
     * @throws IllegalArgumentException if offset is negative or data is empty
     */
    public static StreamItem data(long offset, byte[] data) {
        Objects.requireNonNull(data, "data");
        if (offset < 0) {
            throw new IllegalArgumentException("offset < 0: " + offset);
        }
        if (data.length == 0) {
            throw new IllegalArgumentException("a data item needs at least one byte");
        }
        return new StreamItem(Kind.DATA, offset, data);
    }

    public static StreamItem heartbeat() {
        return HEARTBEAT;
    }

    /** The end of a stream that is {@code finalOffset} bytes long. */
    public static StreamItem end(long finalOffset) {
        if (finalOffset < 0) {
            throw new IllegalArgumentException("finalOffset < 0: " + finalOffset);
        }
        return new StreamItem(Kind.END, finalOffset, NONE);
    }

    public Kind kind() {
        return kind;
    }

    /** Where the data starts (DATA), or the final length (END); -1 for a heartbeat. */
    public long offset() {
        return offset;
    }

    /** The bytes (empty unless DATA); do not modify. */
    public byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    @Override
    public String toString() {
        switch (kind) {
            case DATA:
                return "DATA[" + offset + "+" + data.length + "]";
            case END:
                return "END[" + offset + "]";
            default:
                return "HEARTBEAT";
        }
    }
}
