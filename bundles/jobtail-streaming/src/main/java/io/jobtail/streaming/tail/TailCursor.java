package io.jobtail.streaming.tail;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Where each recent generation of a rotated log lies in its stream, kept in a small hidden file
 * beside the log ({@code .<name>.jobtail-cursor}); the last entry is the generation under the name.
 *
 * <p>Why it exists: a stream's offsets count every byte of every generation (log.txt before and
 * after each rotation), but a file only holds its own generation. A later process that resumes the
 * stream (the site at {@code JOB_COMPLETED}, sending lines written after {@code END_RUN}) needs to
 * know which stream offset byte 0 of the current file has, and, when the receiver holds less than
 * that (the job's own stream failed while the server was away), where in the rotated files the
 * missing bytes are. Each entry names its file by file key (device and inode) and, once finished,
 * by its length and first bytes, so a stale entry is never applied to another file, not even to a
 * new file that reuses the inode. Written on the first read, on every rotation and on truncation,
 * atomically. Immutable.
 *
 * @param generations oldest first, contiguous (each starts where the one before ends); not empty
 */
record TailCursor(List<Entry> generations) {
    /** How many generations are remembered: how far back a later process can resume. */
    static final int KEEP = 64;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One generation.
     *
     * @param length its length when it was rotated away, or -1 for the generation under the name
     * @param head its first bytes (up to {@value ReadHistory#FINGERPRINT}) once finished, else empty
     */
    record Entry(long base, String fileKey, long length, byte[] head) {
        long end() {
            return base + length;
        }

        boolean finished() {
            return length >= 0;
        }
    }

    TailCursor {
        generations = List.copyOf(generations);
        if (generations.isEmpty()) {
            throw new IllegalArgumentException("a cursor needs at least the current generation");
        }
    }

    /** A cursor whose only known generation, under the name, starts at stream byte {@code base}. */
    static TailCursor start(long base, String fileKey) {
        return new TailCursor(List.of(new Entry(base, fileKey, -1, new byte[0])));
    }

    /** The generation under the name. */
    Entry current() {
        return generations.get(generations.size() - 1);
    }

    /** The current generation finished after {@code length} bytes starting with {@code head}; {@code nextKey} follows it. */
    TailCursor rotated(long length, byte[] head, String nextKey) {
        Entry done = current();
        List<Entry> next = new ArrayList<>(generations.subList(0, generations.size() - 1));
        next.add(new Entry(done.base(), done.fileKey(), length, head));
        next.add(new Entry(done.base() + length, nextKey, -1, new byte[0]));
        return new TailCursor(next.subList(Math.max(0, next.size() - KEEP), next.size()));
    }

    /** The same, with the first bytes of the generation under the name recorded (so a later process can check it). */
    TailCursor withCurrentHead(byte[] head) {
        Entry now = current();
        List<Entry> next = new ArrayList<>(generations.subList(0, generations.size() - 1));
        next.add(new Entry(now.base(), now.fileKey(), -1, head));
        return new TailCursor(next);
    }

    /** The same, with {@code more} (finished generations, then the one under the name) in place of the current entry. */
    TailCursor replacingCurrent(List<Entry> more) {
        List<Entry> next = new ArrayList<>(generations.subList(0, generations.size() - 1));
        next.addAll(more);
        return new TailCursor(next.subList(Math.max(0, next.size() - KEEP), next.size()));
    }

    static Path pathFor(Path log) {
        return log.resolveSibling("." + log.getFileName() + ".jobtail-cursor");
    }

    /** The cursor saved for {@code log}, or null if there is none or it cannot be read. */
    static TailCursor read(Path log) {
        try {
            Properties props = new Properties();
            props.load(new StringReader(Files.readString(pathFor(log), StandardCharsets.UTF_8)));
            String count = props.getProperty("generations");
            if (count == null) {
                // the first format: the current generation only
                return start(Long.parseLong(props.getProperty("base").trim()), props.getProperty("fileKey"));
            }
            List<Entry> entries = new ArrayList<>();
            for (int i = 0, n = Integer.parseInt(count.trim()); i < n; i++) {
                String p = "g." + i + ".";
                entries.add(new Entry(Long.parseLong(props.getProperty(p + "base").trim()), props.getProperty(p + "key"),
                        Long.parseLong(props.getProperty(p + "length").trim()), HEX.parseHex(props.getProperty(p + "head"))));
            }
            return new TailCursor(entries);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or half-written by hand: no cursor, and the resume is refused where it matters
        }
    }

    void write(Path log) throws IOException {
        Properties props = new Properties();
        props.setProperty("generations", Integer.toString(generations.size()));
        for (int i = 0; i < generations.size(); i++) {
            Entry e = generations.get(i);
            String p = "g." + i + ".";
            props.setProperty(p + "base", Long.toString(e.base()));
            props.setProperty(p + "key", e.fileKey());
            props.setProperty(p + "length", Long.toString(e.length()));
            props.setProperty(p + "head", HEX.formatHex(e.head()));
        }
        StringWriter text = new StringWriter();
        props.store(text, null);
        Path p = pathFor(log);
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
