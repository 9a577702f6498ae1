package io.jobtail.itests;

/**
 * Finds a byte string in a stream that arrives in pieces, also where it straddles pieces: it keeps
 * the last {@code needle.length - 1} bytes seen, no more. Not thread-safe.
 */
final class StreamSearch {
    private final byte[] needle;
    /** The tail of the pieces since the last reset, {@link #carried} bytes of it. */
    private byte[] carry;
    private byte[] spare;
    private int carried;

    StreamSearch(byte[] needle) {
        if (needle.length == 0) {
            throw new IllegalArgumentException("empty needle");
        }
        this.needle = needle.clone();
        this.carry = new byte[needle.length - 1];
        this.spare = new byte[needle.length - 1];
    }

    /** Forgets the pieces seen so far: the next piece starts a new stream. */
    void reset() {
        carried = 0;
    }

    /** Whether the needle ends within {@code piece[0, n)}, possibly having started in earlier pieces. */
    boolean foundIn(byte[] piece, int n) {
        int total = carried + n;
        boolean found = false;
        // only matches that end in this piece: those ending in the carry were reported before
        for (int start = Math.max(0, carried - needle.length + 1); !found && start + needle.length <= total; start++) {
            found = matchesAt(start, piece);
        }
        int keep = Math.min(needle.length - 1, total);
        for (int i = 0; i < keep; i++) {
            spare[i] = at(total - keep + i, piece);
        }
        byte[] old = carry;
        carry = spare;
        spare = old;
        carried = keep;
        return found;
    }

    private boolean matchesAt(int start, byte[] piece) {
        for (int j = 0; j < needle.length; j++) {
            if (at(start + j, piece) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** Byte {@code i} of the carry followed by the piece. */
    private byte at(int i, byte[] piece) {
        return i < carried ? carry[i] : piece[i - carried];
    }
}
