package io.jobtail.streaming.tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rotated files rotation leaves beside a log, and their age order.
 *
 * <p>Supported naming: {@code <name>.<suffix>} in the log's directory, where the suffix is made of
 * letters, digits, {@code -} and {@code _} and holds at least one digit: {@code log.txt.1},
 * {@code log.txt.12} (logback's FixedWindowRollingPolicy, logrotate, Python's
 * RotatingFileHandler), {@code log.txt.r7}, {@code log.txt.2026-11-21_10-00}. Not matched, so
 * never read as a generation: suffixes without a digit ({@code log.txt.written}), compressed
 * rotations ({@code log.txt.1.gz}: their bytes are not the log's bytes), other separators
 * ({@code log.txt-20261121}), hidden files.
 *
 * <p>Age order ({@link #OLDEST_FIRST}), for observations of one directory look: the file under
 * the log's own name is the newest; the others by last write (a finished generation was last
 * written before the next one was created), and on equal times by name: an all-digit suffix
 * counts down to the newest ({@code .3} is older than {@code .1}, as in every numeric window
 * scheme), any other suffix counts up ({@code .r3} is older than {@code .r4}; dates).
 *
 * <p>Listing costs one directory read plus one {@code stat} per match; it is done only when the
 * name's file changed, never per read. Thread-safe (no state).
 */
final class RotatedSiblings {
    private final Path file;
    private final Path dir;
    private final String prefix;

    RotatedSiblings(Path file) {
        this.file = file;
        this.dir = file.getParent();
        this.prefix = file.getFileName() + ".";
    }

    /** Whether {@code fileName} names a rotated generation of the log under the supported naming. */
    boolean matches(String fileName) {
        if (!fileName.startsWith(prefix) || fileName.length() == prefix.length()) {
            return false;
        }
        boolean digit = false;
        for (int i = prefix.length(); i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return digit;
    }

    /** The rotated siblings there are now, oldest first; files that vanish while listed are left out. */
    List<FileObservation> list(long scan) throws IOException {
        List<FileObservation> found = new ArrayList<>();
        if (dir == null) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> matches(p.getFileName().toString()))) {
            for (Path p : entries) {
                FileObservation o = FileObservation.ofOrNull(p, scan);
                if (o != null && o.key() != null && Files.isRegularFile(p)) {
                    found.add(o);
                }
            }
        } catch (NoSuchFileException e) {
            return found; // the directory itself is gone: nothing rotated to find
        }
        found.sort(oldestFirst());
        return found;
    }

    /** Age order of observations taken in the same directory look (see the class comment). */
    Comparator<FileObservation> oldestFirst() {
        return (a, b) -> {
            boolean aName = a.path().equals(file);
            boolean bName = b.path().equals(file);
            if (aName || bName) {
                return Boolean.compare(aName, bName);
            }
            int byTime = a.modified().compareTo(b.modified());
            return byTime != 0 ? byTime : compareNames(suffix(a), suffix(b));
        };
    }

    /** Whether {@code a} is older than {@code b}: by name and time if seen in the same look, else by last write alone. */
    boolean olderThan(FileObservation a, FileObservation b) {
        if (a.scan() == b.scan()) {
            return oldestFirst().compare(a, b) < 0;
        }
        return a.modified().compareTo(b.modified()) < 0;
    }

    private String suffix(FileObservation o) {
        String name = o.path().getFileName().toString();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** Older first: all-digit suffixes count down, others up in natural (number-aware) order. */
    static int compareNames(String a, String b) {
        boolean aNumber = isIndex(a);
        boolean bNumber = isIndex(b);
        if (aNumber && bNumber) {
            return Long.compare(Long.parseLong(b), Long.parseLong(a));
        }
        if (aNumber != bNumber) {
            return aNumber ? -1 : 1;
        }
        return natural(a, b);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Compares digit runs by value and everything else by character. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String da = stripZeros(a.substring(i, ei));
                String db = stripZeros(b.substring(j, ej));
                int c = da.length() != db.length() ? Integer.compare(da.length(), db.length()) : da.compareTo(db);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }
}
