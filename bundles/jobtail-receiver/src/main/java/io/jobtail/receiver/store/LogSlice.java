package io.jobtail.receiver.store;

/**
 * Bytes read from a stored log, and where a reader following it goes next.
 *
 * <p>A follower asks for {@code start = next()} again until {@link #done()}: the status was read
 * before the bytes, so once it says the log ended, no byte can appear after {@link #size()}.
 *
 * @param data     the bytes, at most the {@code maxBytes} asked for; the array is the caller's
 * @param start    the offset of {@code data[0]} in the log
 * @param next     the offset after the last byte returned ({@code start + data.length})
 * @param size     the log's length when it was read
 * @param complete true if the log's status is no longer {@link LogStatus#STREAMING}: no more bytes
 *                 will come after {@code size}
 */
public record LogSlice(byte[] data, long start, long next, long size, boolean complete) {

    /** True if the log ended and this slice reaches its end: a follower can stop. */
    public boolean done() {
        return complete && next >= size;
    }
}
