package io.jobtail.itests.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every entry under a directory, each with what it is and (for a file) a SHA-256 of its bytes, so
 * two snapshots compare equal only if nothing was created, removed, replaced or changed. Symbolic
 * links are recorded, never followed. Immutable.
 */
record FileTree(Map<String, String> entries) {

    /** Takes a snapshot of everything under {@code root} that {@code ignore} does not match. */
    static FileTree of(Path root, Predicate<Path> ignore) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !p.equals(root) && !ignore.test(p)).forEach(p -> entries.put(root.relativize(p).toString(), describe(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileTree(entries);
    }

    /** What changed from {@code before} to this snapshot, one line per path; empty if nothing did. */
    String changesSince(FileTree before) {
        StringBuilder out = new StringBuilder();
        Map<String, String> all = new TreeMap<>(before.entries);
        all.putAll(entries);
        for (String path : all.keySet()) {
            String was = before.entries.get(path);
            String is = entries.get(path);
            if (was == null) {
                out.append("created ").append(path).append('\n');
            } else if (is == null) {
                out.append("removed ").append(path).append('\n');
            } else if (!was.equals(is)) {
                out.append("changed ").append(path).append('\n');
            }
        }
        return out.toString();
    }

    private static String describe(Path p) {
        if (Files.isSymbolicLink(p)) {
            return "link";
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir";
        }
        try {
            return "file " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            return "unreadable " + e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
