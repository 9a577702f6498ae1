package io.jobtail.streaming.runner;

/**
 * A producer that wants to know how much of its stream the receiver holds, so that it can let go
 * of what it kept for resending. The sending engine tells it after every reply that says so.
 *
 * <p>Why: a producer must be able to {@link io.jobtail.api.streaming.ObjectProducer#seek seek}
 * back to whatever the receiver holds, which after a receiver restart may be well before what it
 * has read (read-ahead, a batch in flight). A log tailer keeps rotated generations open for that
 * and closes them once the receiver holds them.
 *
 * <p>Threads: called on the sending thread, which may not be the thread that produces (a
 * read-ahead reads on a thread of its own); implementations must be thread-safe and must not
 * block. The offsets reported need not grow: a receiver that lost bytes reports fewer.
 */
public interface ReceiverProgressListener {

    /** The receiver said it holds the stream's bytes {@code [0, offset)}. */
    void receiverHolds(long offset);
}
