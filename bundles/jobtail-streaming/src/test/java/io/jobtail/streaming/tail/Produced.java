package io.jobtail.streaming.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobtail.api.streaming.StreamContext;
import io.jobtail.api.streaming.StreamItem;
import java.io.ByteArrayOutputStream;

/** What a tailer produces, collected for the tests of this package. */
final class Produced {
    private Produced() {
    }

    /**
     * Produces from the producer's current offset to END, checking that the offsets run on without
     * a gap and that END carries the final length; heartbeats are skipped.
     */
    static byte[] rest(LogTailProducer p, StreamContext ctx) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long from = p.offset();
        while (true) {
            StreamItem item = p.produce(ctx);
            if (item.kind() == StreamItem.Kind.END) {
                assertEquals(from + out.size(), item.offset(), "END carries the final length");
                return out.toByteArray();
            }
            if (item.kind() == StreamItem.Kind.DATA) {
                assertEquals(from + out.size(), item.offset(), "offsets run on without a gap");
                out.writeBytes(item.data());
            }
        }
    }
}
