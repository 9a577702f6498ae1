package io.jobtail.itests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamSearchTest {
    private static final String NEEDLE = "\"job_id\"";

    @Test
    void findsTheNeedleInOnePiece() {
        StreamSearch search = new StreamSearch(bytes(NEEDLE));
        assertTrue(found(search, "{" + NEEDLE + ": 1}"));
    }

    @Test
    void findsTheNeedleSplitAtEveryPointAcrossTwoPieces() {
        String text = "HTTP/1.1 200 OK\r\n\r\n{" + NEEDLE + ": \"j\"}";
        int at = text.indexOf(NEEDLE);
        for (int split = at + 1; split < at + NEEDLE.length(); split++) {
            StreamSearch search = new StreamSearch(bytes(NEEDLE));
            assertFalse(found(search, text.substring(0, split)), "split " + split + ": not yet whole");
            assertTrue(found(search, text.substring(split)), "split " + split + ": completed by the second piece");
        }
    }

    @Test
    void findsTheNeedleSpreadOverOneBytePieces() {
        StreamSearch search = new StreamSearch(bytes(NEEDLE));
        String text = "ab" + NEEDLE + "cd";
        int foundAt = -1;
        for (int i = 0; i < text.length(); i++) {
            if (found(search, text.substring(i, i + 1))) {
                foundAt = i;
            }
        }
        assertTrue(foundAt == 2 + NEEDLE.length() - 1, "found in the piece that completes it, got " + foundAt);
    }

    @Test
    void aResetForgetsTheStartOfANeedle() {
        StreamSearch search = new StreamSearch(bytes(NEEDLE));
        assertFalse(found(search, "xx\"job"));
        search.reset();
        assertFalse(found(search, "_id\""), "the start was before the reset");
    }

    @Test
    void doesNotFindWhatIsNotThereNorReportAMatchTwice() {
        StreamSearch search = new StreamSearch(bytes(NEEDLE));
        assertFalse(found(search, "\"job_i\" \"jobid\" job_id"));
        assertTrue(found(search, NEEDLE));
        assertFalse(found(search, "x"), "the match ended in the previous piece");
    }

    @Test
    void anEmptyNeedleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StreamSearch(new byte[0]));
    }

    private static boolean found(StreamSearch search, String piece) {
        byte[] b = bytes(piece);
        byte[] padded = new byte[b.length + 7]; // bytes past n must be ignored
        System.arraycopy(b, 0, padded, 0, b.length);
        padded[b.length] = '"';
        return search.foundIn(padded, b.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
