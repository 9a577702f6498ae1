package io.jobtail.itests.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A job's work (run as {@code main_class} inside the job process, whose working directory is the
 * job directory) that writes numbered lines to a log and mistreats it the way log rotation does.
 *
 * <p>Arguments: {@code MODE FILE SECONDS EVERY_MS [KEEP]}. Every line is {@code <seq:8> <micros since
 * start:12> <padding>\n}, about one per millisecond. Every {@code EVERY_MS} the file is rotated
 * according to MODE:
 * <ul>
 *   <li>{@code append}: never (a steady writer);
 *   <li>{@code rename}: renamed to {@code FILE.r<n>} and a new FILE created (only the last KEEP,
 *       default five, rotated files are kept, so retention deletes files the tailer may still hold);
 *   <li>{@code copytruncate}: copied to {@code FILE.c<n>}, then truncated in place (logrotate's
 *       copytruncate);
 *   <li>{@code recreate}: deleted and created anew (the new file may get the freed inode of an older one).
 * </ul>
 * Everything written is also appended to {@code FILE.written} (the reference the server copy is
 * checked against) and each rotation is recorded in {@code FILE.events} as {@code <mode> <last seq
 * before it> <micros>}; {@code recreate} lines add the new inode and whether an earlier generation
 * had it. Runs on the caller's thread; returns when the time is up.
 */
public final class LogWriterJob {
    private static final String PADDING = "x".repeat(40);

    private LogWriterJob() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String mode = args[0];
        Path file = Path.of(args[1]).toAbsolutePath();
        long seconds = Long.parseLong(args[2]);
        long everyMicros = Long.parseLong(args[3]) * 1000;
        int keep = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        Path written = file.resolveSibling(file.getFileName() + ".written");
        Path events = file.resolveSibling(file.getFileName() + ".events");
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long nextRotation = everyMicros;
        long seq = 0;
        int rotations = 0;
        Set<Object> inodes = new HashSet<>();
        OutputStream log = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        inodes.add(Files.getAttribute(file, "unix:ino"));
        try (OutputStream all = Files.newOutputStream(written, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                OutputStream ev = Files.newOutputStream(events, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (System.nanoTime() < end) {
                long micros = (System.nanoTime() - start) / 1000;
                if (!"append".equals(mode) && micros >= nextRotation) {
                    nextRotation = micros + everyMicros;
                    rotations++;
                    String detail = "";
                    switch (mode) {
                        case "rename" -> {
                            log.close();
                            Files.move(file, file.resolveSibling(file.getFileName() + ".r" + rotations));
                            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".r" + (rotations - keep)));
                            log = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
                        }
                        case "copytruncate" -> {
                            Files.copy(file, file.resolveSibling(file.getFileName() + ".c" + rotations),
                                    StandardCopyOption.REPLACE_EXISTING);
                            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                                ch.truncate(0);
                            }
                        }
                        case "recreate" -> {
                            log.close();
                            Files.delete(file);
                            log = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
                            Object inode = Files.getAttribute(file, "unix:ino");
                            detail = " " + inode + " " + !inodes.add(inode);
                        }
                        default -> throw new IllegalArgumentException("unknown mode " + mode);
                    }
                    ev.write((mode + " " + seq + " " + micros + detail + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                byte[] line = String.format("%08d %012d %s%n", ++seq, micros, PADDING).getBytes(StandardCharsets.US_ASCII);
                log.write(line);
                all.write(line);
                Thread.sleep(1);
            }
        } finally {
            log.close();
        }
        System.out.println("LogWriterJob " + mode + ": " + seq + " lines, " + rotations + " rotations");
    }
}
