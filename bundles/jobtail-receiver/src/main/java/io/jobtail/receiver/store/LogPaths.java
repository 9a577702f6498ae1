package io.jobtail.receiver.store;

import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The files of one log, all in its site directory. Temporary files start with a dot, which no
 * checked name can, so a listing never mistakes one for a log and no log name can collide with one.
 */
record LogPaths(Path dir, Path data, Path state, Path stateTemp) {
    static final String STATE_SUFFIX = ".state.json";
    private static final String SNAPSHOT_INFIX = ".snapshot-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static LogPaths in(Path dir, String file) {
        return new LogPaths(dir, dir.resolve(file), dir.resolve(file + STATE_SUFFIX),
                dir.resolve("." + file + STATE_SUFFIX + TEMP_SUFFIX));
    }

    /** A fresh temporary file for a snapshot of this log: {@code .<file>.snapshot-<uuid>.tmp}. */
    Path newSnapshotTemp() {
        return dir.resolve("." + data.getFileName() + SNAPSHOT_INFIX + UUID.randomUUID() + TEMP_SUFFIX);
    }

    /**
     * True if {@code name} is one of this log's temporary files. The middle must be a UUID so
     * that the temporaries of a log named {@code log.snapshot-x} are not taken for {@code log}'s.
     */
    boolean isTempOfThisLog(String name) {
        if (name.equals(stateTemp.getFileName().toString())) {
            return true;
        }
        String prefix = "." + data.getFileName() + SNAPSHOT_INFIX;
        return name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)
                && UUID_TEXT.matcher(name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length())).matches();
    }

    static boolean isStateFile(String name) {
        return name.endsWith(STATE_SUFFIX);
    }
}
