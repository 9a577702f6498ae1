package io.jobtail.api.streaming;

/** How a receiver treats what it already holds for the same log. */
public enum StreamMode {
    /** Append and resume: the receiver answers the open with the bytes it holds, the sender continues there. */
    LIVE,
    /** Replace: the new stream starts from zero and replaces the log atomically once it completes. */
    SNAPSHOT
}
