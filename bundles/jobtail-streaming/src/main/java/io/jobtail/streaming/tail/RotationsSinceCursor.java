package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places the file under a log's name in its stream when the {@link TailCursor} beside it names an
 * older generation: rotations happened while no tailer was reading (between two stream attempts
 * of the job, or after the job's streamer stopped and before the site resends).
 *
 * <p>How: the generation the cursor calls current is looked for among the rotated siblings, by
 * file key and, if recorded, by its first bytes. It is finished now, so its length is its size;
 * every sibling newer than it (in {@link RotatedSiblings age order}) follows in turn, and the file
 * under the name comes last. Each one's first stream byte is where the one before it ends. If the
 * recorded generation is not there, or is not the recorded file, or the name's file shows up among
 * the siblings (a rotation raced the look), nothing is placed: the caller refuses to resume rather
 * than guess. Rotation schemes remove the oldest files, never ones in the middle, so a missing
 * middle generation is not a case this has to survive. Stateless.
 */
final class RotationsSinceCursor {
    private RotationsSinceCursor() {
    }

    /**
     * @param name the file under the log's name now (the generation to place), observed in the
     *     same look as {@code listed}
     * @param listed the rotated siblings, oldest first ({@link RotatedSiblings#list})
     * @return the cursor extended up to {@code name}, or null if it cannot be placed for certain
     */
    static TailCursor extend(TailCursor saved, FileObservation name, List<FileObservation> listed) {
        TailCursor.Entry last = saved.current();
        int at = -1;
        for (int i = 0; i < listed.size(); i++) {
            FileObservation o = listed.get(i);
            if (o.key().equals(name.key())) {
                return null; // the name's file was rotated while we looked
            }
            if (o.key().toString().equals(last.fileKey()) && isRecorded(o, last)) {
                at = i;
            }
        }
        if (at < 0) {
            return null;
        }
        List<TailCursor.Entry> placed = new ArrayList<>();
        long base = last.base();
        for (int i = at; i < listed.size(); i++) {
            FileObservation o = listed.get(i);
            byte[] head;
            try {
                head = head(o);
            } catch (IOException e) {
                return null;
            }
            placed.add(new TailCursor.Entry(base, o.key().toString(), o.size(), head));
            base += o.size();
        }
        placed.add(new TailCursor.Entry(base, name.key().toString(), -1, new byte[0]));
        return saved.replacingCurrent(placed);
    }

    /** Whether the sibling is the generation the entry records: its first bytes match where they were recorded. */
    private static boolean isRecorded(FileObservation o, TailCursor.Entry entry) {
        if (entry.head().length == 0) {
            return true; // recorded before its first bytes were read: the file key is all there is
        }
        int n = entry.head().length;
        try {
            byte[] now = head(o);
            return now.length >= n && Arrays.equals(entry.head(), 0, n, now, 0, n);
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] head(FileObservation o) throws IOException {
        try (FileChannel ch = FileChannel.open(o.path(), StandardOpenOption.READ)) {
            return ReadHistory.fingerprint(ch, o.size());
        }
    }
}
