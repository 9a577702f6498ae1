package io.jobtail.bench.stages;

import io.jobtail.bench.measure.Percentiles;
import io.jobtail.bench.measure.TimedLine;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * For each line of a log made of {@link TimedLine}s (line {@code i} ends at byte
 * {@code LENGTH * i + LENGTH - 1}), the first {@link System#nanoTime()} at which each stage handled
 * the message carrying its newline. Thread-safe: every stage may record from its own thread.
 */
public final class StageTimes {
    /** The hand-offs, in path order. */
    public enum Stage {
        /** The writer is about to append the line. */
        WRITTEN,
        /** The tail producer returned it (reader thread: inotify → watcher thread → reader). */
        READ,
        /** The sending thread starts the request carrying it (read-ahead queue → sender). */
        SENT,
        /** The server's handler starts on it (client write → server selector → worker). */
        HANDLED,
        /** The server's handler returned (engine, receiver, store append). */
        STORED,
        /** The reply is back on the sending thread (server write → client selector → sender). */
        REPLIED
    }

    private final AtomicLongArray[] times = new AtomicLongArray[Stage.values().length];

    /** @param maxLines lines beyond this are not recorded */
    public StageTimes(int maxLines) {
        for (int s = 0; s < times.length; s++) {
            times[s] = new AtomicLongArray(maxLines);
        }
    }

    /** Records {@code nanos} for every line whose newline lies in stream bytes {@code [offset, offset + size)}. */
    public void record(Stage stage, long offset, long size, long nanos) {
        long first = Math.max(0, offset / TimedLine.LENGTH); // the first line whose newline is at or after offset
        AtomicLongArray t = times[stage.ordinal()];
        for (long i = first; i < t.length() && TimedLine.LENGTH * i + TimedLine.LENGTH - 1 < offset + size; i++) {
            if (TimedLine.LENGTH * i + TimedLine.LENGTH - 1 >= offset) {
                t.compareAndSet((int) i, 0, nanos);
            }
        }
    }

    /** Records that line {@code line} is about to be written. */
    public void written(long line, long nanos) {
        if (line < times[0].length()) {
            times[Stage.WRITTEN.ordinal()].set((int) line, nanos);
        }
    }

    /**
     * The time from stage {@code from} to stage {@code to} of every line written at or after
     * {@code keepFromNanos} that reached both.
     */
    public Percentiles between(Stage from, Stage to, long keepFromNanos) {
        AtomicLongArray written = times[Stage.WRITTEN.ordinal()];
        AtomicLongArray a = times[from.ordinal()];
        AtomicLongArray b = times[to.ordinal()];
        long[] d = new long[a.length()];
        int n = 0;
        for (int i = 0; i < a.length(); i++) {
            long tw = written.get(i);
            long ta = a.get(i);
            long tb = b.get(i);
            if (tw != 0 && tw - keepFromNanos >= 0 && ta != 0 && tb != 0) {
                d[n++] = tb - ta;
            }
        }
        return new Percentiles(Arrays.copyOf(d, n), n);
    }
}
