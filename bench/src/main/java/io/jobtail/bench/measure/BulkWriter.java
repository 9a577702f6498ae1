package io.jobtail.bench.measure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Writes a log of a given size as fast as it can, in 1 MiB appends of text lines. Every block
 * starts with its own number, so a copy with a block missing, repeated or out of place never
 * compares equal to the original.
 */
public final class BulkWriter {
    static final int BLOCK = 1 << 20;

    private BulkWriter() {
    }

    public static void write(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] block = new byte[BLOCK];
        Random random = new Random(42);
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (i % 100 == 99) ? (byte) '\n' : (byte) ('a' + random.nextInt(26));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long left = bytes;
            long n = 0;
            while (left > 0) {
                byte[] head = String.format("%016d", n++).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(head, 0, block, 0, head.length);
                ByteBuffer b = ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, left));
                while (b.hasRemaining()) {
                    left -= ch.write(b);
                }
            }
        }
    }
}
